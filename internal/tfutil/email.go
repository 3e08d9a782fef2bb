package tfutil

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// EmailPattern is a deliberately simple e-mail shape (the APIs are the real
// judges); it also keeps "/", "?" and "#" out of addresses used in paths.
var EmailPattern = regexp.MustCompile(`^[^@\s/?#]+@[^@\s/?#]+\.[^@\s/?#]+$`)

// EmailValidator checks EmailPattern at plan time.
func EmailValidator() validator.String {
	return stringvalidator.RegexMatches(EmailPattern, "must be an e-mail address such as name@example.org")
}

// PrivateImported is the private-state key marking an object imported since
// its last apply: what the API cannot return (a password, an address) is
// recorded by the next apply, not sent or replaced.
const PrivateImported = "imported"
