terraform {
  required_version = ">= 1.5.0"

  required_providers {
    mytimetable = {
      source = "eduprov/mytimetable"
    }
    workspace365 = {
      source = "eduprov/workspace365"
    }
  }
}

# Credentials come from the environment in the pipeline:
#   MYTIMETABLE_URL, MYTIMETABLE_API_TOKEN,
#   WORKSPACE365_ENVIRONMENT, WORKSPACE365_PROVISIONING_KEY.
provider "mytimetable" {}

provider "workspace365" {}
