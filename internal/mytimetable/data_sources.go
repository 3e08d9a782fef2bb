package mytimetable

import (
	"context"
	"errors"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
)

var (
	_ datasource.DataSourceWithConfigure = (*usersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*synchronizationsDataSource)(nil)
)

// mytimetable_users

type usersDataSource struct{ client *api.Client }

func newUsersDataSource() datasource.DataSource { return &usersDataSource{} }

type usersModel struct {
	Usernames []string `tfsdk:"usernames"`
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every username known to the MyTimetable instance, for audits and `check` blocks that find users " +
			"the configuration does not manage.",
		Attributes: map[string]schema.Attribute{
			"usernames": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The usernames, sorted.",
			},
		},
	}
}

func (d *usersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *usersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	users, err := d.client.ListUsers(ctx)
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, "Could not list MyTimetable users", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, usersModel{Usernames: append([]string{}, users...)})...)
}

// mytimetable_synchronizations

type synchronizationsDataSource struct{ client *api.Client }

func newSynchronizationsDataSource() datasource.DataSource { return &synchronizationsDataSource{} }

type synchronizationsModel struct {
	Username         types.String          `tfsdk:"username"`
	Type             types.String          `tfsdk:"type"`
	Synchronizations []synchronizationItem `tfsdk:"synchronizations"`
}

type synchronizationItem struct {
	ID          types.String `tfsdk:"id"`
	Username    types.String `tfsdk:"username"`
	Type        types.String `tfsdk:"type"`
	Description types.String `tfsdk:"description"`
	Enabled     types.Bool   `tfsdk:"enabled"`
	Status      types.String `tfsdk:"status"`
	LastResync  types.String `tfsdk:"last_resync"`
}

func (d *synchronizationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_synchronizations"
}

func (d *synchronizationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The synchronizations of the MyTimetable instance, optionally only one user's or one type's.",
		Attributes: map[string]schema.Attribute{
			"username": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only this user's synchronizations. A user that does not exist has none.",
				Validators:          usernameValidators(),
			},
			"type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only synchronizations of this type, such as `ews`.",
				Validators:          typeValidators(),
			},
			"synchronizations": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching synchronizations, by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":       schema.StringAttribute{Computed: true, MarkdownDescription: "The synchronization's id."},
					"username": schema.StringAttribute{Computed: true, MarkdownDescription: "The user whose timetable is synchronized."},
					"type":     schema.StringAttribute{Computed: true, MarkdownDescription: "The synchronization type."},
					"description": schema.StringAttribute{Computed: true, MarkdownDescription: "Usually the target mailbox. " +
						"Null when the instance runs the older API and no username filter is given."},
					"enabled":     schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is enabled (null as for description)."},
					"status":      schema.StringAttribute{Computed: true, MarkdownDescription: "Its status, such as `OK` (null as for description)."},
					"last_resync": schema.StringAttribute{Computed: true, MarkdownDescription: "When it last ran, RFC 3339 in UTC (null as for description)."},
				}},
			},
		},
	}
}

func (d *synchronizationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *synchronizationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m synchronizationsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var (
		syncs []api.Synchronization
		err   error
	)
	if username := m.Username.ValueString(); username != "" {
		syncs, err = d.client.ListUserSynchronizations(ctx, username)
		if errors.Is(err, api.ErrNotFound) {
			syncs, err = nil, nil
		}
	} else {
		syncs, err = d.client.ListSynchronizations(ctx)
	}
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, "Could not list MyTimetable synchronizations", err)
		return
	}
	sort.Slice(syncs, func(i, j int) bool { return syncs[i].ID < syncs[j].ID })
	m.Synchronizations = []synchronizationItem{}
	for i := range syncs {
		s := &syncs[i]
		if !m.Type.IsNull() && s.Type != m.Type.ValueString() {
			continue
		}
		var full synchronizationModel
		full.fromAPI(s)
		m.Synchronizations = append(m.Synchronizations, synchronizationItem{
			ID: full.ID, Username: full.Username, Type: full.Type, Description: full.Description,
			Enabled: full.Enabled, Status: full.Status, LastResync: full.LastResync,
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
