package tfutil

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/eduprov/terraform-provider-eduprov/internal/transport"
)

// APIErrorDetail explains err for a person: what the API said and, for the
// usual status codes, what to do about it.
func APIErrorDetail(err error) string {
	var re *transport.RequestError
	switch code := transport.StatusCode(err); {
	case code == 401 || code == 403:
		return err.Error()
	case code == 429:
		return err.Error() + "\n\nThe API kept rate-limiting after every retry. Lower -parallelism, raise max_retries, or try again later."
	case code >= 500:
		return err.Error() + "\n\nThe API failed on its side. If it persists, check the service's status; the request is safe to repeat with another apply."
	case errors.As(err, &re):
		if re.Sent {
			return err.Error() + "\n\nNo answer came back, so it is unknown whether the API acted on the request. Run `terraform plan` to see what exists now."
		}
		return err.Error() + "\n\nThe API could not be reached. Check the provider's url and the network path to it."
	default:
		return err.Error()
	}
}

// AddAPIError adds an error diagnostic: summary says what failed for which
// object, the detail what the API said.
func AddAPIError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, APIErrorDetail(err))
}

// Quote formats a value for a message.
func Quote(v string) string { return fmt.Sprintf("%q", v) }
