// Package workspace365 is the `workspace365` Terraform provider: users of a
// Workspace365 digital workspace, validated by the API at plan time. Its
// typed API client is in ./api and its fake server in ./fake.
package workspace365

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
	"github.com/eduprov/terraform-provider-eduprov/internal/workspace365/api"
)

// Name is the provider type name.
const Name = "workspace365"

// Environment variables read when the provider block leaves a setting out.
const (
	EnvURL         = "WORKSPACE365_URL"
	EnvEnvironment = "WORKSPACE365_ENVIRONMENT"
	EnvKey         = "WORKSPACE365_PROVISIONING_KEY"
)

var _ provider.Provider = (*Provider)(nil)

// Provider is the workspace365 provider.
type Provider struct {
	version string
}

// New returns a constructor of the provider at version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &Provider{version: version} }
}

type providerModel struct {
	URL             types.String `tfsdk:"url"`
	Environment     types.String `tfsdk:"environment"`
	ProvisioningKey types.String `tfsdk:"provisioning_key"`
	tfutil.ConnectionModel
}

// providerData is what resources receive from Configure.
type providerData struct {
	client *api.Client
	// environment is the provider's default environment (may be empty).
	environment string
}

// Metadata names the provider.
func (p *Provider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = Name
	resp.Version = p.version
}

// Schema describes the provider block.
func (p *Provider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"url": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Base URL of the provisioning API, without the environment. Default `" + api.DefaultURL + "`. " +
				"May also be set with the `" + EnvURL + "` environment variable.",
		},
		"environment": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "The Workspace365 environment (the `{EnvironmentName}` part of every API path) that users belong to " +
				"unless a user names its own. May also be set with the `" + EnvEnvironment + "` environment variable.",
		},
		"provisioning_key": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "The provisioning key, sent in the `ProvisioningKey` header. It is never logged. May also be set " +
				"with the `" + EnvKey + "` environment variable (preferred: keep it out of configuration).",
		},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages users of a [Workspace365](https://www.workspace365.net) environment through its provisioning " +
			"API. Plans are validated by the API itself: a value the portal would refuse fails `terraform plan` with the " +
			"portal's own message, before anything is created.",
		Attributes: tfutil.ProviderAttributes(attrs),
	}
}

// Configure builds the API client shared by every resource.
func (p *Provider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	url := tfutil.StringFromEnv(m.URL, "url", EnvURL, &resp.Diagnostics)
	env := tfutil.StringFromEnv(m.Environment, "environment", EnvEnvironment, &resp.Diagnostics)
	key := tfutil.StringFromEnv(m.ProvisioningKey, "provisioning_key", EnvKey, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	tfutil.RequireSetting(key, "provisioning_key", EnvKey, "a provisioning key", &resp.Diagnostics)
	tc := m.TransportConfig(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := api.New(api.Config{URL: url, Key: key, UserAgent: tfutil.UserAgent(Name, p.version, req.TerraformVersion), Config: tc})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Invalid Workspace365 configuration", err.Error())
		return
	}
	data := &providerData{client: client, environment: env}
	resp.ResourceData = data
	resp.DataSourceData = data
}

// Resources lists the resource types.
func (p *Provider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newUserResource}
}

// DataSources lists the data source types: the API cannot list users.
func (p *Provider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func dataFrom(data any, diags *diag.Diagnostics) *providerData {
	return tfutil.ProviderData[*providerData](data, diags)
}
