# Onboards a list of people: a MyTimetable profile whose timetable is pushed
# into their calendar, a Workspace365 user and a grommunio mailbox.

resource "mytimetable_user" "person" {
  for_each = var.people
  username = each.key
}

resource "mytimetable_synchronization" "calendar" {
  for_each     = var.people
  username     = mytimetable_user.person[each.key].username
  type         = each.value.calendar
  smtp_address = each.value.calendar == "googlecalendar" ? null : each.value.email
  unlink_mode  = var.unlink_mode
}

resource "workspace365_user" "person" {
  for_each         = var.people
  email_address    = each.value.email
  first_name       = each.value.first_name
  last_name        = each.value.last_name
  is_administrator = each.value.administrator
  password         = var.initial_password
}

resource "grommunio_user" "mailbox" {
  for_each     = var.people
  domain       = var.mail_domain
  username     = each.value.email
  display_name = "${each.value.first_name} ${each.value.last_name}"
  password     = var.initial_password
  # Offboarding keeps the mailbox data for the archive.
  delete_files_on_destroy = false
}

# Warn (never fail) when MyTimetable holds users this configuration does not
# manage: people onboarded by hand, or leftovers of an old process.
check "no_unmanaged_mytimetable_users" {
  data "mytimetable_users" "all" {}

  assert {
    condition = length(setsubtract(data.mytimetable_users.all.usernames, keys(var.people))) == 0
    error_message = format(
      "MyTimetable holds %d users this configuration does not manage: %s",
      length(setsubtract(data.mytimetable_users.all.usernames, keys(var.people))),
      join(", ", sort(setsubtract(data.mytimetable_users.all.usernames, keys(var.people)))),
    )
  }
}
