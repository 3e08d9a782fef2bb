import {
  to = mytimetable_user.alice
  id = "alice"
}
