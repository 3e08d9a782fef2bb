output "synchronizations" {
  description = "Each person's synchronization: id, type and status."
  value = {
    for name, s in mytimetable_synchronization.calendar : name => {
      id      = s.id
      type    = s.type
      status  = s.status
      enabled = s.enabled
    }
  }
}

output "workspace365_user_ids" {
  description = "Each person's Workspace365 user id."
  value       = { for name, u in workspace365_user.person : name => u.id }
}
