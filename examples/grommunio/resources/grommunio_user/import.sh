# A user is imported by domain and username.
terraform import grommunio_user.alice example.org/alice@example.org
