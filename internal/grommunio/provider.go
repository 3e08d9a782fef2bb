// Package grommunio is the `grommunio` Terraform provider: domain users of a
// grommunio mail and groupware server and their mailbox delegation, through
// the grommunio admin API. Its typed API client is in ./api and its fake
// server in ./fake.
package grommunio

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/grommunio/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
)

// Name is the provider type name.
const Name = "grommunio"

// Environment variables read when the provider block leaves a setting out.
const (
	EnvURL      = "GROMMUNIO_URL"
	EnvUsername = "GROMMUNIO_USERNAME"
	EnvPassword = "GROMMUNIO_PASSWORD"
)

var _ provider.Provider = (*Provider)(nil)

// Provider is the grommunio provider.
type Provider struct {
	version string
}

// New returns a constructor of the provider at version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &Provider{version: version} }
}

type providerModel struct {
	URL      types.String `tfsdk:"url"`
	Username types.String `tfsdk:"username"`
	Password types.String `tfsdk:"password"`
	tfutil.ConnectionModel
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
			MarkdownDescription: "Address of the grommunio admin API, such as `https://mail.example.org:8443`; `/api/v1` is " +
				"appended when the URL has no path. May also be set with the `" + EnvURL + "` environment variable.",
		},
		"username": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "The admin account to log in with (a domain or system admin). May also be set with the `" +
				EnvUsername + "` environment variable.",
		},
		"password": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "The admin account's password. It is never logged. May also be set with the `" + EnvPassword +
				"` environment variable (preferred).",
		},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages domain users of a [grommunio](https://grommunio.com) server and their mailbox delegation " +
			"(delegates, send-as, store access, out of office) through the grommunio admin API. The provider logs in once per " +
			"run and renews an expired session by itself.",
		Attributes: tfutil.ProviderAttributes(attrs),
	}
}

// Configure builds the API client shared by every resource; it logs in on
// the first call, not here.
func (p *Provider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	url := tfutil.StringFromEnv(m.URL, "url", EnvURL, &resp.Diagnostics)
	user := tfutil.StringFromEnv(m.Username, "username", EnvUsername, &resp.Diagnostics)
	pass := tfutil.StringFromEnv(m.Password, "password", EnvPassword, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	tfutil.RequireSetting(url, "url", EnvURL, "the URL of the grommunio admin API", &resp.Diagnostics)
	tfutil.RequireSetting(user, "username", EnvUsername, "an admin username", &resp.Diagnostics)
	tfutil.RequireSetting(pass, "password", EnvPassword, "the admin's password", &resp.Diagnostics)
	tc := m.TransportConfig(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := api.New(api.Config{URL: url, Username: user, Password: pass,
		UserAgent: tfutil.UserAgent(Name, p.version, req.TerraformVersion), Config: tc})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Invalid grommunio configuration", err.Error())
		return
	}
	resp.ResourceData = client
	resp.DataSourceData = client
}

// Resources lists the resource types.
func (p *Provider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newUserResource, newDelegatesResource, newSendAsResource, newStoreAccessResource, newOutOfOfficeResource,
	}
}

// DataSources lists the data source types.
func (p *Provider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newDomainsDataSource, newUsersDataSource, newDevicesDataSource}
}

func clientFrom(data any, diags *diag.Diagnostics) *api.Client {
	return tfutil.ProviderData[*api.Client](data, diags)
}
