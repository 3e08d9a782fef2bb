variable "initial_password" {
  type      = string
  sensitive = true
}

resource "workspace365_user" "alice" {
  email_address    = "alice@example.edu"
  first_name       = "Alice"
  last_name        = "Adams"
  is_administrator = false
  active           = true

  # Sent on create and whenever it changes in the configuration.
  password = var.initial_password

  # With Terraform or OpenTofu 1.11 and later, prefer a write-only password,
  # which is never stored in the state; increment the version to send it again:
  #
  #   password_wo         = var.initial_password
  #   password_wo_version = 1
}
