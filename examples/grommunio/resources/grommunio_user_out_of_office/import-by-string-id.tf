import {
  to = grommunio_user_out_of_office.office
  id = "example.org/office@example.org"
}
