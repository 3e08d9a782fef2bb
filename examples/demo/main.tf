# A small onboarding: three people, each with a MyTimetable profile, a
# calendar synchronization, a Workspace365 user and a grommunio mailbox. `make demo` runs it
# against the fake APIs; point the environment variables at real instances
# to use it for real.
terraform {
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

# url and api_token come from MYTIMETABLE_URL and MYTIMETABLE_API_TOKEN.
provider "mytimetable" {}

# url, environment and provisioning_key come from WORKSPACE365_URL,
# WORKSPACE365_ENVIRONMENT and WORKSPACE365_PROVISIONING_KEY.
provider "workspace365" {}

# url, username and password come from GROMMUNIO_URL, GROMMUNIO_USERNAME and
# GROMMUNIO_PASSWORD.
provider "grommunio" {}

variable "initial_password" {
  description = "First password of every new Workspace365 user (TF_VAR_initial_password)."
  type        = string
  sensitive   = true
}

locals {
  people = {
    "alice" = { first = "Alice", last = "Adams", mailbox = "alice@example.edu", calendar = "ews" }
    "bob"   = { first = "Bob", last = "Brown", mailbox = "bob@example.edu", calendar = "o365" }
    "carol" = { first = "Carol", last = "Clark", mailbox = "carol@example.edu", calendar = "googlecalendar" }
  }
}

resource "mytimetable_user" "person" {
  for_each = local.people
  username = each.key
}

resource "mytimetable_synchronization" "calendar" {
  for_each     = local.people
  username     = mytimetable_user.person[each.key].username
  type         = each.value.calendar
  smtp_address = each.value.calendar == "googlecalendar" ? null : each.value.mailbox
  # Leave pushed events in place when a person leaves; DELETE_FUTURE_EVENTS
  # would clean up their calendar instead.
  unlink_mode = "UNLINK_ONLY"
}

resource "workspace365_user" "person" {
  for_each      = local.people
  email_address = each.value.mailbox
  first_name    = each.value.first
  last_name     = each.value.last
  password      = var.initial_password
}

resource "grommunio_user" "mailbox" {
  for_each     = local.people
  domain       = "example.edu"
  username     = each.value.mailbox
  display_name = "${each.value.first} ${each.value.last}"
  password     = var.initial_password
}

data "mytimetable_synchronizations" "all" {
  depends_on = [mytimetable_synchronization.calendar]
}

output "synchronizations" {
  description = "Each person's synchronization id and status."
  value = {
    for name, s in mytimetable_synchronization.calendar : name => "${s.id} ${s.type} ${s.status}"
  }
}

output "workspace365_ids" {
  description = "Each person's Workspace365 user id."
  value       = { for name, u in workspace365_user.person : name => u.id }
}

output "synchronizations_on_server" {
  description = "How many synchronizations the instance holds."
  value       = length(data.mytimetable_synchronizations.all.synchronizations)
}
