// Package mytimetable is the `mytimetable` Terraform provider: users and
// calendar synchronizations of a MyTimetable instance. Its typed API client
// is in ./api and its fake server in ./fake.
package mytimetable

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
)

// Name is the provider type name.
const Name = "mytimetable"

// Environment variables read when the provider block leaves a setting out.
const (
	EnvURL   = "MYTIMETABLE_URL"
	EnvToken = "MYTIMETABLE_API_TOKEN"
)

var _ provider.Provider = (*Provider)(nil)

// Provider is the mytimetable provider.
type Provider struct {
	version string
}

// New returns a constructor of the provider at version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &Provider{version: version} }
}

type providerModel struct {
	URL      types.String `tfsdk:"url"`
	APIToken types.String `tfsdk:"api_token"`
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
			MarkdownDescription: "Base URL of the MyTimetable instance, such as `https://mytimetable.example.edu`; the provisioning API is " +
				"at `{url}/api/v0`. May also be set with the `" + EnvURL + "` environment variable.",
		},
		"api_token": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "Token of the provisioning API, sent in the `apiToken` header. It is never logged. " +
				"May also be set with the `" + EnvToken + "` environment variable (preferred: keep it out of configuration).",
		},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages users and calendar synchronizations of a [MyTimetable](https://www.mytimetable.net) instance " +
			"through its provisioning API (MyTimetable 3.0 and later; both generations of the API are supported).",
		Attributes: tfutil.ProviderAttributes(attrs),
	}
}

// Configure builds the API client shared by every resource and data source.
func (p *Provider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	url := tfutil.StringFromEnv(m.URL, "url", EnvURL, &resp.Diagnostics)
	token := tfutil.StringFromEnv(m.APIToken, "api_token", EnvToken, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	tfutil.RequireSetting(url, "url", EnvURL, "the URL of the MyTimetable instance", &resp.Diagnostics)
	tfutil.RequireSetting(token, "api_token", EnvToken, "an API token", &resp.Diagnostics)
	tc := m.TransportConfig(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := api.New(api.Config{
		URL:       url,
		Token:     token,
		UserAgent: tfutil.UserAgent(Name, p.version, req.TerraformVersion),
		Config:    tc,
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(pathURL, "Invalid MyTimetable configuration", err.Error())
		return
	}
	resp.ResourceData = client
	resp.DataSourceData = client
}

// Resources lists the resource types.
func (p *Provider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newUserResource, newSynchronizationResource}
}

// DataSources lists the data source types.
func (p *Provider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newUsersDataSource, newSynchronizationsDataSource}
}
