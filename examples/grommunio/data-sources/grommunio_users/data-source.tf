# Every user of the domain (all pages), for an audit.
data "grommunio_users" "all" {
  domain = "example.org"
}

output "suspended_users" {
  value = [for u in data.grommunio_users.all.users : u.username if u.status == "suspended"]
}
