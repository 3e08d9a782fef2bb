# Imported by the domain and username of the user whose settings they are.
terraform import grommunio_user_delegates.office example.org/office@example.org
