# Every Office 365 synchronization that is not running.
data "mytimetable_synchronizations" "o365" {
  type = "o365"
}

output "disabled_o365" {
  value = [for s in data.mytimetable_synchronizations.o365.synchronizations : s.username if !s.enabled]
}
