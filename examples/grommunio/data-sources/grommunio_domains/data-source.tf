data "grommunio_domains" "all" {}

output "domain_names" {
  value = [for d in data.grommunio_domains.all.domains : d.name]
}
