resource "mytimetable_user" "alice" {
  username = "alice"
}
