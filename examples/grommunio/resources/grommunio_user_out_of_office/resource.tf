resource "grommunio_user" "office" {
  domain   = "example.org"
  username = "office@example.org"
  status   = "shared_mailbox"
}

# The office is closed over the winter holidays.
resource "grommunio_user_out_of_office" "office" {
  domain_id         = grommunio_user.office.domain_id
  user_id           = grommunio_user.office.id
  state             = "scheduled"
  start_time        = "2026-12-21T08:00:00+01:00"
  end_time          = "2027-01-04T08:00:00+01:00"
  external_audience = "all"
  internal_subject  = "Office closed"
  internal_reply    = "The office reopens on 4 January."
  external_subject  = "Office closed"
  external_reply    = "The office reopens on 4 January."
}
