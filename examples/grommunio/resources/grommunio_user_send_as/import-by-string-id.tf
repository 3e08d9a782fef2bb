import {
  to = grommunio_user_send_as.office
  id = "example.org/office@example.org"
}
