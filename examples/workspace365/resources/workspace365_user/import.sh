# A user is imported by e-mail address (in the provider's environment)...
terraform import workspace365_user.alice alice@example.edu

# ...or by environment and e-mail address.
terraform import workspace365_user.alice example/alice@example.edu
