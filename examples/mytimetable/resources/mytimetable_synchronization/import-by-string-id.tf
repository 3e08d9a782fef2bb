import {
  to = mytimetable_synchronization.alice_exchange
  id = "alice/ews"
}
