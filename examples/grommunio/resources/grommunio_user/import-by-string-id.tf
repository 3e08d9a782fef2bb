import {
  to = grommunio_user.alice
  id = "example.org/alice@example.org"
}
