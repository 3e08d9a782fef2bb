resource "grommunio_user" "office" {
  domain   = "example.org"
  username = "office@example.org"
  status   = "shared_mailbox"
}

# Alice may send as the school office itself.
resource "grommunio_user_send_as" "office" {
  domain_id = grommunio_user.office.domain_id
  user_id   = grommunio_user.office.id
  send_as   = ["alice@example.org"]
}
