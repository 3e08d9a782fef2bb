terraform {
  required_providers {
    grommunio = {
      source = "eduprov/grommunio"
    }
  }
}

# Prefer the environment for the password:
#   export GROMMUNIO_PASSWORD=...
provider "grommunio" {
  url      = "https://mail.example.org:8443" # /api/v1 is appended
  username = "admin"
}
