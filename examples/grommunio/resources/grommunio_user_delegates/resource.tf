resource "grommunio_user" "office" {
  domain   = "example.org"
  username = "office@example.org"
  status   = "shared_mailbox"
}

# Alice and Bob may send on behalf of the school office.
resource "grommunio_user_delegates" "office" {
  domain_id = grommunio_user.office.domain_id
  user_id   = grommunio_user.office.id
  delegates = ["alice@example.org", "bob@example.org"]
}
