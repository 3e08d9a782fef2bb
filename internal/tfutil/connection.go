// Package tfutil holds what the three providers share on the Terraform side:
// the connection tuning attributes, environment fallbacks, the User-Agent and
// diagnostics helpers.
package tfutil

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/transport"
)

// ConnectionModel is the part of every provider configuration that tunes the
// HTTP connection; provider models embed it.
type ConnectionModel struct {
	RequestTimeout     timetypes.GoDuration `tfsdk:"request_timeout"`
	MaxRetries         types.Int64          `tfsdk:"max_retries"`
	CACertificatePEM   types.String         `tfsdk:"ca_certificate_pem"`
	InsecureSkipVerify types.Bool           `tfsdk:"insecure_skip_verify"`
	MaxRequestsPerSec  types.Float64        `tfsdk:"max_requests_per_second"`
	MaxConcurrent      types.Int64          `tfsdk:"max_concurrent_requests"`
}

// ConnectionAttributes returns the schema of the tuning attributes.
func ConnectionAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"request_timeout": schema.StringAttribute{
			CustomType: timetypes.GoDurationType{},
			Optional:   true,
			MarkdownDescription: fmt.Sprintf("How long one API request may take before it is abandoned (and retried where that is safe), "+
				"as a Go duration such as `30s` or `2m`. Default `%s`.", transport.DefaultTimeout),
		},
		"max_retries": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("How many times a request is retried after a 429, 502, 503 or 504 answer or a dropped connection, "+
				"with exponential backoff that honours `Retry-After`. Calls that are not idempotent are retried only when the server "+
				"certainly did not act on them. `0` disables retries. Default `%d`.", transport.DefaultMaxRetries),
			Validators: []validator.Int64{int64validator.Between(0, 20)},
		},
		"ca_certificate_pem": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "PEM-encoded certificate authorities to trust in addition to the system's, for instances behind a private CA.",
		},
		"max_requests_per_second": schema.Float64Attribute{
			Optional: true,
			MarkdownDescription: "At most this many requests per second from this provider instance, retries included, " +
				"for APIs that throttle (fractions such as `0.5` are allowed). Default: unlimited.",
			Validators: []validator.Float64{float64validator.AtLeast(0.01)},
		},
		"max_concurrent_requests": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "At most this many requests in flight at once from this provider instance, whatever " +
				"Terraform's `-parallelism`. Default: unlimited.",
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		},
		"insecure_skip_verify": schema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: "Skip TLS certificate verification. For tests against self-signed instances only. Default `false`.",
		},
	}
}

// TransportConfig turns the tuning attributes into a transport.Config.
func (m ConnectionModel) TransportConfig(diags *diag.Diagnostics) transport.Config {
	cfg := transport.Config{MaxRetries: transport.DefaultMaxRetries}
	if !m.RequestTimeout.IsNull() && !m.RequestTimeout.IsUnknown() {
		d, ds := m.RequestTimeout.ValueGoDuration()
		diags.Append(ds...)
		if d <= 0 && !ds.HasError() {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid request timeout",
				fmt.Sprintf("request_timeout must be a positive duration such as \"30s\", not %q.", m.RequestTimeout.ValueString()))
		}
		cfg.Timeout = d
	}
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	cfg.MaxRequestsPerSecond = m.MaxRequestsPerSec.ValueFloat64()
	cfg.MaxConcurrentRequests = int(m.MaxConcurrent.ValueInt64())
	cfg.CACertPEM = m.CACertificatePEM.ValueString()
	cfg.InsecureSkipVerify = m.InsecureSkipVerify.ValueBool()
	return cfg
}

// StringFromEnv returns the configured value, or else the environment
// variable's. An unknown configured value adds an error: the provider cannot
// be configured before it is known.
func StringFromEnv(v types.String, attr, envVar string, diags *diag.Diagnostics) string {
	if v.IsUnknown() {
		diags.AddAttributeError(path.Root(attr), "Unknown provider configuration value",
			fmt.Sprintf("The provider cannot be configured because %s is not known until apply. "+
				"Set it to a value known at plan time, or set the %s environment variable.", attr, envVar))
		return ""
	}
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(envVar)
}

// RequireSetting adds an error naming the attribute and its variable when a
// required setting is empty.
func RequireSetting(value, attr, envVar, what string, diags *diag.Diagnostics) {
	if strings.TrimSpace(value) == "" {
		diags.AddAttributeError(path.Root(attr), "Missing "+what,
			fmt.Sprintf("The provider needs %s: set the %q attribute in the provider block or the %s environment variable.", what, attr, envVar))
	}
}

// UserAgent names the provider, its version and the Terraform CLI version.
func UserAgent(providerName, version, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-%s/%s Terraform/%s", providerName, version, terraformVersion)
}

// Timeout is a default for an operation's timeout.
const Timeout = 10 * time.Minute

// WithTimeout bounds ctx by d (or Timeout when d is zero).
func WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		d = Timeout
	}
	return context.WithTimeout(ctx, d)
}

// TimeoutsAttribute is the `timeouts` attribute of a resource, described.
func TimeoutsAttribute(ctx context.Context, opts timeouts.Opts) resourceschema.Attribute {
	a := timeouts.Attributes(ctx, opts)
	if n, ok := a.(resourceschema.SingleNestedAttribute); ok {
		n.MarkdownDescription = fmt.Sprintf("How long each operation may take in all, retries included, as Go durations such as `5m`. Default `%s` each.", Timeout)
		return n
	}
	return a
}

// ProviderData returns the provider's configured value for a resource or
// data source: nil data (the provider is not configured yet, as in
// validation) gives the zero T; any other type is a bug, reported.
func ProviderData[T any](data any, diags *diag.Diagnostics) T {
	var zero T
	if data == nil {
		return zero
	}
	v, ok := data.(T)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected %T, got %T. This is a bug in the provider; please report it.", zero, data))
		return zero
	}
	return v
}

// ProviderAttributes adds the connection tuning attributes to a provider's own.
func ProviderAttributes(own map[string]schema.Attribute) map[string]schema.Attribute {
	for k, v := range ConnectionAttributes() {
		own[k] = v
	}
	return own
}

// OperationTimeout bounds ctx by the resource's configured timeout for one
// operation (such as m.Timeouts.Create), defaulting to Timeout.
func OperationTimeout(ctx context.Context, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	d, ds := get(ctx, Timeout)
	diags.Append(ds...)
	return WithTimeout(ctx, d)
}
