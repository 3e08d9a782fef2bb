data "grommunio_users" "alice" {
  domain   = "example.org"
  username = "alice@example.org"
}

# The phones and tablets Alice syncs, for an inventory.
data "grommunio_user_devices" "alice" {
  domain_id = data.grommunio_users.alice.domain_id
  user_id   = data.grommunio_users.alice.users[0].id
}

output "alice_devices" {
  value = [for d in data.grommunio_user_devices.alice.devices : "${d.device_type} ${d.user_agent}"]
}
