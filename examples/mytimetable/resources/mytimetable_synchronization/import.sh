# A synchronization is imported by its id...
terraform import mytimetable_synchronization.alice_exchange 3

# ...or by username and type, when the user has one synchronization of that type.
terraform import mytimetable_synchronization.alice_exchange alice/ews
