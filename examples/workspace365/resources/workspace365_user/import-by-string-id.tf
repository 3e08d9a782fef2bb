# Names, flags and the password cannot be read back: the first apply after
# the import sends the configured names and flags, and records the password
# without sending it (a password the person changed is not reset).
import {
  to = workspace365_user.alice
  id = "example/alice@example.edu"
}
