import {
  to = grommunio_user_store_access.office
  id = "example.org/office@example.org"
}
