variable "people" {
  description = <<-EOT
    The people to onboard, by username. Remove someone to offboard them: their
    synchronization is destroyed with var.unlink_mode, then their accounts.
  EOT
  type = map(object({
    first_name = string
    last_name  = string
    email      = string
    # Calendar service of the MyTimetable synchronization: ews, o365 or googlecalendar.
    calendar = optional(string, "o365")
    # Staff who administer the Workspace365 environment.
    administrator = optional(bool, false)
  }))

  validation {
    condition     = alltrue([for p in values(var.people) : contains(["ews", "o365", "googlecalendar"], p.calendar)])
    error_message = "Each person's calendar must be ews, o365 or googlecalendar."
  }
}

variable "mail_domain" {
  description = "The grommunio domain of everyone's mailbox; each person's email must be in it."
  type        = string
}

variable "unlink_mode" {
  description = "What destroying a synchronization does to the events already pushed (see mytimetable_synchronization)."
  type        = string
  default     = "DELETE_FUTURE_EVENTS"
}

variable "initial_password" {
  description = "First Workspace365 password of new people (TF_VAR_initial_password). It is sent on create and when it changes."
  type        = string
  sensitive   = true
}
