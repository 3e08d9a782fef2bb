terraform {
  required_version = ">= 1.5.0"

  required_providers {
    mytimetable = {
      source = "eduprov/mytimetable"
    }
    workspace365 = {
      source = "eduprov/workspace365"
    }
    grommunio = {
      source = "eduprov/grommunio"
    }
  }
}

# Credentials come from the environment in the pipeline:
#   MYTIMETABLE_URL, MYTIMETABLE_API_TOKEN,
#   WORKSPACE365_ENVIRONMENT, WORKSPACE365_PROVISIONING_KEY,
#   GROMMUNIO_URL, GROMMUNIO_USERNAME, GROMMUNIO_PASSWORD.
provider "mytimetable" {}

provider "workspace365" {}

provider "grommunio" {}
