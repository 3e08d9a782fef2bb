import {
  to = grommunio_user_delegates.office
  id = "example.org/office@example.org"
}
