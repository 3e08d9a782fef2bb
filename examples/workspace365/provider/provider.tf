terraform {
  required_providers {
    workspace365 = {
      source = "eduprov/workspace365"
    }
  }
}

# Prefer the environment for the key:
#   export WORKSPACE365_PROVISIONING_KEY=...
provider "workspace365" {
  # The default; set it for a self-hosted portal.
  url         = "https://portal.workspace365.net/Provisioning"
  environment = "example"
}
