variable "initial_password" {
  type      = string
  sensitive = true
}

resource "grommunio_user" "alice" {
  domain       = "example.org"
  username     = "alice@example.org"
  display_name = "Alice Adams"
  language     = "en_US"
  status       = "normal"
  aliases      = ["a.adams@example.org"]

  # Sent on create and when it changes. With Terraform/OpenTofu 1.11+ prefer
  # password_wo + password_wo_version, which is never stored in the state.
  password = var.initial_password

  activesync_enabled = true
  chat_enabled       = false

  # Only these keys are managed; other properties are left alone.
  properties = {
    title             = "Teacher"
    departmentname    = "Mathematics"
    storagequotalimit = "2097152" # KiB
  }

  # Keep the mailbox data when the user is destroyed (the default).
  delete_files_on_destroy = false
}
