resource "mytimetable_user" "alice" {
  username = "alice"
}

# Push Alice's timetable into her Exchange mailbox.
resource "mytimetable_synchronization" "alice_exchange" {
  username     = mytimetable_user.alice.username
  type         = "ews"
  smtp_address = "alice@example.edu"

  # When this synchronization is destroyed, remove the events it pushed that
  # are still to come, and leave the past ones.
  unlink_mode = "DELETE_FUTURE_EVENTS"
}
