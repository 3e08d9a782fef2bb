package grommunio

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/grommunio/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
)

// apiTime is the API's time format, read and written in UTC.
const apiTime = "2006-01-02 15:04:05"

var (
	oofStates    = []string{"disabled", "enabled", "scheduled"}
	oofAudiences = []string{"none", "known", "all"}
)

func newOutOfOfficeResource() resource.Resource { return &oofResource{} }

var _ resource.ResourceWithImportState = (*oofResource)(nil)

type oofResource struct{ client *api.Client }

type oofModel struct {
	userRef
	State            types.String      `tfsdk:"state"`
	ExternalAudience types.String      `tfsdk:"external_audience"`
	StartTime        timetypes.RFC3339 `tfsdk:"start_time"`
	EndTime          timetypes.RFC3339 `tfsdk:"end_time"`
	InternalSubject  types.String      `tfsdk:"internal_subject"`
	InternalReply    types.String      `tfsdk:"internal_reply"`
	ExternalSubject  types.String      `tfsdk:"external_subject"`
	ExternalReply    types.String      `tfsdk:"external_reply"`
}

func (r *oofResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_out_of_office"
}

func (r *oofResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := userRefAttributes("out-of-office state is managed")
	text := func(doc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: doc + " Changed in place."}
	}
	attrs["state"] = schema.StringAttribute{
		Required: true,
		MarkdownDescription: "`disabled`, `enabled` (replies now), or `scheduled` (replies between `start_time` and " +
			"`end_time`). Changed in place; destroying the resource sets it to `disabled`.",
		Validators: []validator.String{stringvalidator.OneOf(oofStates...)},
	}
	attrs["external_audience"] = schema.StringAttribute{
		Optional: true, Computed: true, Default: stringdefault.StaticString("none"),
		MarkdownDescription: "Who outside the organisation gets the external reply: `none`, `known` (senders in the " +
			"user's contacts) or `all`. Default `none`.",
		Validators: []validator.String{stringvalidator.OneOf(oofAudiences...)},
	}
	attrs["start_time"] = schema.StringAttribute{
		CustomType: timetypes.RFC3339Type{}, Optional: true,
		MarkdownDescription: "When a `scheduled` reply starts, as an RFC 3339 time such as `2026-12-21T08:00:00+01:00` (stored by grommunio in UTC).",
	}
	attrs["end_time"] = schema.StringAttribute{
		CustomType: timetypes.RFC3339Type{}, Optional: true,
		MarkdownDescription: "When a `scheduled` reply ends, as an RFC 3339 time.",
	}
	attrs["internal_subject"] = text("Subject of the reply to senders inside the organisation.")
	attrs["internal_reply"] = text("Body of the reply to senders inside the organisation.")
	attrs["external_subject"] = text("Subject of the reply to senders outside the organisation.")
	attrs["external_reply"] = text("Body of the reply to senders outside the organisation.")
	resp.Schema = schema.Schema{
		MarkdownDescription: "A grommunio user's out-of-office (automatic reply) settings.",
		Attributes:          attrs,
	}
}

func (r *oofResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func index(list []string, v string) int {
	for i, s := range list {
		if s == v {
			return i
		}
	}
	return 0
}

func toAPITime(v timetypes.RFC3339) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	if err != nil {
		return nil
	}
	s := t.UTC().Format(apiTime)
	return &s
}

func fromAPITime(s *string) timetypes.RFC3339 {
	if s == nil || *s == "" {
		return timetypes.NewRFC3339Null()
	}
	t, err := time.ParseInLocation(apiTime, *s, time.UTC)
	if err != nil {
		return timetypes.NewRFC3339Null()
	}
	return timetypes.NewRFC3339TimeValue(t)
}

func (m *oofModel) toAPI() api.OutOfOffice {
	return api.OutOfOffice{
		State: index(oofStates, m.State.ValueString()), ExternalAudience: index(oofAudiences, m.ExternalAudience.ValueString()),
		StartTime: toAPITime(m.StartTime), EndTime: toAPITime(m.EndTime),
		InternalSubject: m.InternalSubject.ValueStringPointer(), InternalReply: m.InternalReply.ValueStringPointer(),
		ExternalSubject: m.ExternalSubject.ValueStringPointer(), ExternalReply: m.ExternalReply.ValueStringPointer(),
	}
}

func (m *oofModel) fromAPI(o *api.OutOfOffice) {
	word := func(list []string, i int) types.String {
		if i < 0 || i >= len(list) {
			return types.StringValue(fmt.Sprint(i))
		}
		return types.StringValue(list[i])
	}
	m.State, m.ExternalAudience = word(oofStates, o.State), word(oofAudiences, o.ExternalAudience)
	// Keep the configured spelling when it denotes the same instant.
	if start := fromAPITime(o.StartTime); !semanticallyEqual(m.StartTime, start) {
		m.StartTime = start
	}
	if end := fromAPITime(o.EndTime); !semanticallyEqual(m.EndTime, end) {
		m.EndTime = end
	}
	m.InternalSubject, m.InternalReply = types.StringPointerValue(o.InternalSubject), types.StringPointerValue(o.InternalReply)
	m.ExternalSubject, m.ExternalReply = types.StringPointerValue(o.ExternalSubject), types.StringPointerValue(o.ExternalReply)
}

func semanticallyEqual(a, b timetypes.RFC3339) bool {
	if a.IsNull() || b.IsNull() {
		return a.IsNull() && b.IsNull()
	}
	ta, e1 := a.ValueRFC3339Time()
	tb, e2 := b.ValueRFC3339Time()
	return !e1.HasError() && !e2.HasError() && ta.Equal(tb)
}

// write sets the state and reads back what grommunio stored.
func (r *oofResource) write(ctx context.Context, m *oofModel, d, u int64) error {
	if err := r.client.SetOutOfOffice(ctx, d, u, m.toAPI()); err != nil {
		return err
	}
	o, err := r.client.GetOutOfOffice(ctx, d, u)
	if err != nil {
		return err
	}
	m.fromAPI(o)
	m.ID = types.StringValue(fmt.Sprintf("%d/%d", d, u))
	return nil
}

func (r *oofResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.apply(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

func (r *oofResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.apply(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// apply writes the planned settings and saves what grommunio stored.
func (r *oofResource) apply(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	var m oofModel
	diags.Append(plan.Get(ctx, &m)...)
	d, u := m.ids(diags)
	if diags.HasError() {
		return
	}
	if err := r.write(ctx, &m, d, u); err != nil {
		tfutil.AddAPIError(diags, fmt.Sprintf("Could not set the out-of-office state of grommunio user %s", m.UserID.ValueString()), err)
		return
	}
	diags.Append(state.Set(ctx, &m)...)
}

func (r *oofResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m oofModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	d, u := m.ids(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	o, err := r.client.GetOutOfOffice(ctx, d, u)
	if errors.Is(err, api.ErrNotFound) {
		resp.Diagnostics.AddWarning("grommunio user not found, removed from state",
			fmt.Sprintf("The user %d no longer exists, so neither do its out-of-office settings. They were removed from the state.", u))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not read the out-of-office state of grommunio user %d", u), err)
		return
	}
	m.fromAPI(o)
	if m.ExternalAudience.IsNull() {
		m.ExternalAudience = types.StringValue("none")
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *oofResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m oofModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	d, u := m.ids(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.client.SetOutOfOffice(ctx, d, u, api.OutOfOffice{State: 0})
	if err != nil && !errors.Is(err, api.ErrNotFound) {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not disable the out-of-office reply of grommunio user %d", u), err)
	}
}

// ImportState takes "domain/username".
func (r *oofResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importUserRef(ctx, r.client, req.ID, &resp.State, &resp.Diagnostics)
}
