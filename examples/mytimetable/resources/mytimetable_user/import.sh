# A user is imported by its username.
terraform import mytimetable_user.alice alice
