package mytimetable

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
	"github.com/eduprov/terraform-provider-eduprov/internal/transport"
)

var (
	_ resource.ResourceWithConfigure   = (*synchronizationResource)(nil)
	_ resource.ResourceWithImportState = (*synchronizationResource)(nil)
)

// privateImported marks a synchronization whose smtp_address could not be
// read back on import: the first apply records the configured address
// instead of replacing the synchronization.
const privateImported = "imported"

type synchronizationResource struct {
	client *api.Client
}

func newSynchronizationResource() resource.Resource { return &synchronizationResource{} }

type synchronizationModel struct {
	ID          types.String   `tfsdk:"id"`
	Username    types.String   `tfsdk:"username"`
	Type        types.String   `tfsdk:"type"`
	SMTPAddress types.String   `tfsdk:"smtp_address"`
	UnlinkMode  types.String   `tfsdk:"unlink_mode"`
	Description types.String   `tfsdk:"description"`
	Enabled     types.Bool     `tfsdk:"enabled"`
	Status      types.String   `tfsdk:"status"`
	LastResync  types.String   `tfsdk:"last_resync"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

// fromAPI copies what the API holds into the model; Create, Read and the
// import share it.
func (m *synchronizationModel) fromAPI(s *api.Synchronization) {
	m.ID = types.StringValue(strconv.FormatInt(s.ID, 10))
	m.Username = types.StringValue(s.Username)
	m.Type = types.StringValue(s.Type)
	m.Description = types.StringPointerValue(s.Description)
	m.Enabled = types.BoolPointerValue(s.Enabled)
	m.Status = types.StringPointerValue(s.Status)
	if t, ok := s.LastResyncTime(); ok {
		m.LastResync = types.StringValue(t.Format(time.RFC3339))
	} else {
		m.LastResync = types.StringNull()
	}
}

// apiID is the synchronization's id as the API knows it.
func (m *synchronizationModel) apiID(diags *diag.Diagnostics) (int64, bool) {
	id, err := strconv.ParseInt(m.ID.ValueString(), 10, 64)
	if err != nil {
		diags.AddAttributeError(path.Root("id"), "Invalid synchronization id",
			fmt.Sprintf("The id %q in the state is not an integer. Remove the resource from the state and import it again.", m.ID.ValueString()))
		return 0, false
	}
	return id, true
}

func (r *synchronizationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_synchronization"
}

func (r *synchronizationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A synchronization that pushes a user's timetable into an external calendar (Exchange, Office 365, " +
			"Google Calendar, ...). The user must exist in MyTimetable first (see `mytimetable_user`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The synchronization's id in MyTimetable (an integer, as a string).",
				PlanModifiers:       keep,
			},
			"username": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The user whose timetable is synchronized. Changing it replaces the synchronization.",
				Validators:          usernameValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The synchronization type, which names the calendar service: for example `ews`, `o365` or " +
					"`googlecalendar`. Which types exist depends on the instance; an unknown type fails the apply. " +
					"Changing it replaces the synchronization.",
				Validators:    typeValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"smtp_address": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The user's mailbox address in Exchange or Office 365, sent as `provisioning_smtpAddress`. Only " +
					"used by the pre-delegated EWS and pre-authorized Office 365 linking adapters. Changing it replaces the " +
					"synchronization. The API does not return it: after an import the first apply records the configured " +
					"value without replacing anything.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(smtpAddressRequiresReplace,
					"Changing the address replaces the synchronization, except right after an import.",
					"Changing the address replaces the synchronization, except right after an import.")},
			},
			"unlink_mode": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(api.DefaultUnlinkMode),
				MarkdownDescription: "What happens to the events already pushed when this synchronization is destroyed: " +
					"`UNLINK_ONLY` leaves all events in the calendar; `DELETE_FUTURE_EVENTS` removes the events this " +
					"synchronization pushed that start in the future; `DELETE_ALL_EVENTS` removes all events it pushed; " +
					"`CLEANUP` removes every event this MyTimetable instance pushed, whatever the synchronization. " +
					"Used only on destroy: changing it is an in-place update that calls no API. Default `UNLINK_ONLY`.",
				Validators: []validator.String{stringvalidator.OneOf(api.UnlinkModes...)},
			},
			"description": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "What MyTimetable shows for the synchronization, usually the target mailbox. Empty (null) with the older API.",
				PlanModifiers:       keep,
			},
			"enabled": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the synchronization is enabled. An administrator may disable it in MyTimetable; a refresh shows it.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The synchronization's status as MyTimetable reports it, such as `OK`.",
				PlanModifiers:       keep,
			},
			"last_resync": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the synchronization last ran, as an RFC 3339 timestamp in UTC.",
				PlanModifiers:       keep,
			},
			"timeouts": tfutil.TimeoutsAttribute(ctx, timeouts.Opts{Create: true, Read: true, Delete: true}),
		},
	}
}

// smtpAddressRequiresReplace replaces the synchronization when the address
// changes, except when the prior address is unknown because it was imported.
func smtpAddressRequiresReplace(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	if req.StateValue.IsNull() {
		imported, diags := req.Private.GetKey(ctx, privateImported)
		resp.Diagnostics.Append(diags...)
		if len(imported) > 0 {
			return
		}
	}
	resp.RequiresReplace = true
}

func (r *synchronizationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *synchronizationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m synchronizationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := tfutil.OperationTimeout(ctx, m.Timeouts.Create, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	in := api.NewSynchronization{Username: m.Username.ValueString(), Type: m.Type.ValueString(), SMTPAddress: m.SMTPAddress.ValueString()}
	s, err := r.client.CreateSynchronization(ctx, in)
	if err != nil {
		summary := fmt.Sprintf("Could not create the %q synchronization of MyTimetable user %q", in.Type, in.Username)
		if transport.StatusCode(err) == 422 {
			resp.Diagnostics.AddAttributeError(path.Root("type"), summary, fmt.Sprintf(
				"MyTimetable refused it (%v).\n\nEither the type %q is not enabled on this instance or the user %q does not exist "+
					"there. Check the type against the instance's configuration (types seen: ews, o365, googlecalendar) and "+
					"create the user first with mytimetable_user (reference its username so Terraform orders the two).",
				err, in.Type, in.Username))
			return
		}
		tfutil.AddAPIError(&resp.Diagnostics, summary, err)
		return
	}
	m.fromAPI(s)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *synchronizationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m synchronizationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := tfutil.OperationTimeout(ctx, m.Timeouts.Read, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	id, ok := m.apiID(&resp.Diagnostics)
	if !ok {
		return
	}
	username := m.Username.ValueString()
	s, err := r.client.GetSynchronization(ctx, id)
	if errors.Is(err, api.ErrNotFound) {
		s, err = nil, nil
	}
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not read MyTimetable synchronization %d of user %q", id, username), err)
		return
	}
	if s == nil {
		resp.Diagnostics.AddWarning("MyTimetable synchronization not found, removed from state",
			fmt.Sprintf("The synchronization %d (user %q, type %q) no longer exists in MyTimetable (deleted outside Terraform, "+
				"or its user was deleted). It was removed from the state; the next apply creates it again unless the "+
				"configuration is changed.", id, username, m.Type.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	m.fromAPI(s)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Update records changes that call no API: unlink_mode (used on destroy),
// timeouts, and the smtp_address of an imported synchronization.
func (r *synchronizationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m synchronizationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, nil)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *synchronizationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m synchronizationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := tfutil.OperationTimeout(ctx, m.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	id, ok := m.apiID(&resp.Diagnostics)
	if !ok {
		return
	}
	mode := m.UnlinkMode.ValueString()
	if mode == "" {
		mode = api.DefaultUnlinkMode
	}
	if err := r.client.DeleteSynchronization(ctx, id, mode); err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not delete MyTimetable synchronization %d (user %q, type %q, unlink mode %s)",
			id, m.Username.ValueString(), m.Type.ValueString(), mode), err)
	}
}

// ImportState takes the synchronization's id ("3") or "username/type".
func (r *synchronizationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, []byte(`true`))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("unlink_mode"), api.DefaultUnlinkMode)...)
	if _, err := strconv.ParseInt(req.ID, 10, 64); err == nil {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
		return
	}
	username, syncType, ok := strings.Cut(req.ID, "/")
	if !ok || username == "" || syncType == "" || strings.Contains(syncType, "/") {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected a synchronization id such as \"3\", or \"username/type\" such as \"alice/ews\"; got %q.", req.ID))
		return
	}
	found, err := r.client.FindSynchronization(ctx, username, syncType)
	if err != nil && !errors.Is(err, api.ErrNotFound) {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not look up the %q synchronization of MyTimetable user %q", syncType, username), err)
		return
	}
	switch len(found) {
	case 0:
		resp.Diagnostics.AddError("MyTimetable synchronization not found",
			fmt.Sprintf("User %q has no synchronization of type %q (or the user does not exist).", username, syncType))
		return
	case 1:
	default:
		ids := make([]string, len(found))
		for i, s := range found {
			ids[i] = strconv.FormatInt(s.ID, 10)
		}
		resp.Diagnostics.AddError("Several MyTimetable synchronizations match",
			fmt.Sprintf("User %q has %d synchronizations of type %q (ids %s). Import one by its id.", username, len(found), syncType, strings.Join(ids, ", ")))
		return
	}
	// Read fills in the rest.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(found[0].ID, 10))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("username"), found[0].Username)...)
}
