# Imported by the domain and username of the user whose settings they are.
terraform import grommunio_user_out_of_office.office example.org/office@example.org
