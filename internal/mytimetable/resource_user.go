package mytimetable

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
)

var (
	_ resource.ResourceWithConfigure   = (*userResource)(nil)
	_ resource.ResourceWithImportState = (*userResource)(nil)
)

type userResource struct {
	client *api.Client
}

func newUserResource() resource.Resource { return &userResource{} }

type userModel struct {
	ID       types.String   `tfsdk:"id"`
	Username types.String   `tfsdk:"username"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (r *userResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (r *userResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A MyTimetable user profile. The API only ensures that a profile exists: creating a user that already " +
			"exists (for example because the person signed in before) adopts it, and destroying the resource deletes the profile " +
			"together with its synchronizations.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The username (the API identifies users by username).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"username": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The username, as MyTimetable knows it (usually the sign-in name). Changing it replaces the user: " +
					"the old profile is deleted and a new one created. It must not contain `/`, `?`, `#`, white space or `..`.",
				Validators:    usernameValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"timeouts": tfutil.TimeoutsAttribute(ctx, timeouts.Opts{Create: true, Read: true, Delete: true}),
		},
	}
}

func (r *userResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := tfutil.OperationTimeout(ctx, m.Timeouts.Create, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	username := m.Username.ValueString()
	if err := r.client.EnsureUser(ctx, username); err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not create MyTimetable user %q", username), err)
		return
	}
	m.ID = types.StringValue(username)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := tfutil.OperationTimeout(ctx, m.Timeouts.Read, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	username := m.ID.ValueString()
	found, err := r.client.HasUser(ctx, username)
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not read MyTimetable user %q", username), err)
		return
	}
	if !found {
		resp.Diagnostics.AddWarning("MyTimetable user not found, removed from state",
			fmt.Sprintf("The user %q no longer exists in MyTimetable (deleted outside Terraform). It was removed from the state; "+
				"the next apply creates it again unless the configuration is changed.", username))
		resp.State.RemoveResource(ctx)
		return
	}
	m.Username = types.StringValue(username)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Update only records a change of timeouts: username forces a replacement.
func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := tfutil.OperationTimeout(ctx, m.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	if err := r.client.DeleteUser(ctx, m.ID.ValueString()); err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not delete MyTimetable user %q", m.ID.ValueString()), err)
	}
}

// ImportState takes a username.
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
