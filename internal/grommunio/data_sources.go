package grommunio

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/grommunio/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
)

type dataSource struct{ client *api.Client }

func (d *dataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func computedString(doc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: doc}
}

// grommunio_domains

type domainsDataSource struct{ dataSource }

func newDomainsDataSource() datasource.DataSource { return &domainsDataSource{} }

type domainItem struct {
	ID          types.Int64  `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	DisplayName types.String `tfsdk:"display_name"`
}

func (d *domainsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_domains"
}

func (d *domainsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The domains this admin can see.",
		Attributes: map[string]schema.Attribute{
			"domains": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The domains, by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":           schema.Int64Attribute{Computed: true, MarkdownDescription: "The domain's id."},
					"name":         computedString("The domain name, such as `example.org`."),
					"display_name": computedString("The domain's display name."),
				}},
			},
		},
	}
}

func (d *domainsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	domains, err := d.client.ListDomains(ctx)
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, "Could not list grommunio domains", err)
		return
	}
	items := make([]domainItem, 0, len(domains))
	for _, x := range domains {
		items = append(items, domainItem{ID: types.Int64Value(x.ID), Name: types.StringValue(x.Name), DisplayName: types.StringValue(x.DisplayName)})
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("domains"), items)...)
}

// grommunio_users

type usersDataSource struct{ dataSource }

func newUsersDataSource() datasource.DataSource { return &usersDataSource{} }

type usersModel struct {
	Domain   types.String `tfsdk:"domain"`
	DomainID types.Int64  `tfsdk:"domain_id"`
	Username types.String `tfsdk:"username"`
	Users    []userItem   `tfsdk:"users"`
}

type userItem struct {
	ID       types.String `tfsdk:"id"`
	Username types.String `tfsdk:"username"`
	Status   types.String `tfsdk:"status"`
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The users of a grommunio domain, every page of them, for audits and `check` blocks.",
		Attributes: map[string]schema.Attribute{
			"domain":    schema.StringAttribute{Required: true, MarkdownDescription: "The domain's name."},
			"domain_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "The domain's id."},
			"username":  schema.StringAttribute{Optional: true, MarkdownDescription: "Only the user with this exact username.", Validators: nil},
			"users": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The users, by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":       computedString("The user's id."),
					"username": computedString("The user's e-mail address."),
					"status":   computedString("`normal`, `suspended`, `shared_mailbox`, `contact` or `deleted`."),
				}},
			},
		},
	}
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m usersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dom, err := d.client.DomainByName(ctx, m.Domain.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("domain"), "Unknown grommunio domain", tfutil.APIErrorDetail(err))
		return
	}
	users, err := d.client.ListUsers(ctx, dom.ID, m.Username.ValueString())
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not list the users of grommunio domain %s", dom.Name), err)
		return
	}
	m.DomainID = types.Int64Value(dom.ID)
	m.Users = make([]userItem, 0, len(users))
	for _, u := range users {
		word, ok := statusWords[u.Status]
		if !ok {
			word = "status_" + strconv.Itoa(u.Status)
		}
		m.Users = append(m.Users, userItem{ID: types.StringValue(strconv.FormatInt(u.ID, 10)), Username: types.StringValue(u.Username), Status: types.StringValue(word)})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// grommunio_user_devices

type devicesDataSource struct{ dataSource }

func newDevicesDataSource() datasource.DataSource { return &devicesDataSource{} }

type devicesModel struct {
	DomainID types.Int64  `tfsdk:"domain_id"`
	UserID   types.String `tfsdk:"user_id"`
	Devices  []deviceItem `tfsdk:"devices"`
}

type deviceItem struct {
	DeviceID      types.String `tfsdk:"device_id"`
	DeviceType    types.String `tfsdk:"device_type"`
	UserAgent     types.String `tfsdk:"user_agent"`
	FirstSyncTime types.String `tfsdk:"first_sync_time"`
	LastUpdate    types.String `tfsdk:"last_update"`
	ASVersion     types.String `tfsdk:"activesync_version"`
	WipeStatus    types.String `tfsdk:"wipe_status"`
}

// deviceFields maps each attribute to the API's key.
var deviceFields = map[string]string{
	"device_id": "deviceid", "device_type": "devicetype", "user_agent": "useragent", "first_sync_time": "firstsynctime",
	"last_update": "lastupdate", "activesync_version": "asversion", "wipe_status": "wipeStatus",
}

func (d *devicesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_devices"
}

func (d *devicesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{}
	for a, k := range deviceFields {
		attrs[a] = computedString(fmt.Sprintf("The API's `%s`, as text (null when the server does not report it).", k))
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The devices a grommunio user syncs over Exchange ActiveSync, for inventory and audits.",
		Attributes: map[string]schema.Attribute{
			"domain_id": schema.Int64Attribute{Required: true, MarkdownDescription: "The user's domain id."},
			"user_id":   schema.StringAttribute{Required: true, MarkdownDescription: "The user's id."},
			"devices": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The synced devices.",
				NestedObject: schema.NestedAttributeObject{Attributes: attrs},
			},
		},
	}
}

func (d *devicesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m devicesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	uid, err := strconv.ParseInt(m.UserID.ValueString(), 10, 64)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("user_id"), "Invalid user id", "user_id must be a grommunio user's numeric id.")
		return
	}
	devices, err := d.client.ListDevices(ctx, m.DomainID.ValueInt64(), uid)
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not list the devices of grommunio user %d", uid), err)
		return
	}
	field := func(dev api.Device, attr string) types.String {
		v, ok := dev[deviceFields[attr]]
		if !ok || v == nil {
			return types.StringNull()
		}
		return types.StringValue(propertyString(v))
	}
	m.Devices = make([]deviceItem, 0, len(devices))
	for _, dev := range devices {
		m.Devices = append(m.Devices, deviceItem{
			DeviceID: field(dev, "device_id"), DeviceType: field(dev, "device_type"), UserAgent: field(dev, "user_agent"),
			FirstSyncTime: field(dev, "first_sync_time"), LastUpdate: field(dev, "last_update"),
			ASVersion: field(dev, "activesync_version"), WipeStatus: field(dev, "wipe_status"),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
