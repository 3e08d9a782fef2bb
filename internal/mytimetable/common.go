package mytimetable

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
)

var pathURL = path.Root("url")

// usernameValidators keep a username inside its URL path segment: no "/",
// "?", "#" and no "..", whatever escaping a proxy in between undoes.
func usernameValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthAtLeast(1),
		stringvalidator.RegexMatches(regexp.MustCompile(`^[^/?#.\s]*(\.[^/?#.\s]+)*$`),
			`must not contain "/", "?", "#", white space, ".." or a trailing ".", because the username becomes part of a URL path`),
	}
}

// typeValidators accept the shape of a synchronization type; which types
// exist depends on the instance, and the API refuses unknown ones (422).
func typeValidators() []validator.String {
	return []validator.String{
		stringvalidator.RegexMatches(regexp.MustCompile(`^[A-Za-z0-9_-]+$`),
			"must be a synchronization type such as ews, o365 or googlecalendar (letters, digits, _ and -)"),
	}
}

// clientFrom reads the provider's client from resource or data source
// configure data, which is nil until the provider is configured.
func clientFrom(data any, diags *diag.Diagnostics) *api.Client {
	return tfutil.ProviderData[*api.Client](data, diags)
}
