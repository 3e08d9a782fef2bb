resource "grommunio_user" "office" {
  domain   = "example.org"
  username = "office@example.org"
  status   = "shared_mailbox"
}

# Alice and Bob may open the whole office mailbox.
resource "grommunio_user_store_access" "office" {
  domain_id = grommunio_user.office.domain_id
  user_id   = grommunio_user.office.id
  usernames = ["alice@example.org", "bob@example.org"]
}
