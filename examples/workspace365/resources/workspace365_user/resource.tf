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

  # Write-only (Terraform/OpenTofu 1.11+): never stored in the state.
  # Increment the version to send the password again.
  password_wo         = var.initial_password
  password_wo_version = 1
}
