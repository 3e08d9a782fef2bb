terraform {
  required_providers {
    mytimetable = {
      source = "eduprov/mytimetable"
    }
  }
}

# Prefer the environment for credentials:
#   export MYTIMETABLE_URL=https://mytimetable.example.edu
#   export MYTIMETABLE_API_TOKEN=...
provider "mytimetable" {
  url = "https://mytimetable.example.edu"

  # Optional tuning, shown with its defaults.
  request_timeout = "30s"
  max_retries     = 4
}
