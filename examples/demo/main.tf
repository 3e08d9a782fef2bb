# A small onboarding: three people, each with a MyTimetable profile and a
# calendar synchronization. `make demo` runs it against the fake API; point
# MYTIMETABLE_URL and MYTIMETABLE_API_TOKEN at a real instance to use it
# for real.
terraform {
  required_providers {
    mytimetable = {
      source = "eduprov/mytimetable"
    }
  }
}

# url and api_token come from MYTIMETABLE_URL and MYTIMETABLE_API_TOKEN.
provider "mytimetable" {}

locals {
  people = {
    "alice" = { mailbox = "alice@example.edu", calendar = "ews" }
    "bob"   = { mailbox = "bob@example.edu", calendar = "o365" }
    "carol" = { mailbox = "carol@example.edu", calendar = "googlecalendar" }
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

data "mytimetable_synchronizations" "all" {
  depends_on = [mytimetable_synchronization.calendar]
}

output "synchronizations" {
  description = "Each person's synchronization id and status."
  value = {
    for name, s in mytimetable_synchronization.calendar : name => "${s.id} ${s.type} ${s.status}"
  }
}

output "synchronizations_on_server" {
  description = "How many synchronizations the instance holds."
  value       = length(data.mytimetable_synchronizations.all.synchronizations)
}
