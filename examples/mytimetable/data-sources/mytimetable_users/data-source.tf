data "mytimetable_users" "all" {}

output "user_count" {
  value = length(data.mytimetable_users.all.usernames)
}
