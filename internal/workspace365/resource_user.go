package workspace365

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
	"github.com/eduprov/terraform-provider-eduprov/internal/workspace365/api"
)

var (
	_ resource.ResourceWithConfigure   = (*userResource)(nil)
	_ resource.ResourceWithImportState = (*userResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*userResource)(nil)
)

const privateImported = tfutil.PrivateImported

// memberAttributes maps the API's member names to attributes.
var memberAttributes = map[string]string{
	"emailaddress":      "email_address",
	"firstname":         "first_name",
	"lastname":          "last_name",
	"isadministrator":   "is_administrator",
	"password":          "password",
	"createinoffice365": "create_in_office365",
}

type userResource struct {
	data *providerData
}

func newUserResource() resource.Resource { return &userResource{} }

type userModel struct {
	ID                types.String   `tfsdk:"id"`
	EmailAddress      types.String   `tfsdk:"email_address"`
	FirstName         types.String   `tfsdk:"first_name"`
	LastName          types.String   `tfsdk:"last_name"`
	IsAdministrator   types.Bool     `tfsdk:"is_administrator"`
	Password          types.String   `tfsdk:"password"`
	PasswordWO        types.String   `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64    `tfsdk:"password_wo_version"`
	CreateInOffice365 types.Bool     `tfsdk:"create_in_office365"`
	Active            types.Bool     `tfsdk:"active"`
	Environment       types.String   `tfsdk:"environment"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// profileDiffers reports whether what the update body carries (address,
// names, administrator flag) differs from prior.
func (m *userModel) profileDiffers(prior *userModel) bool {
	return !prior.EmailAddress.Equal(m.EmailAddress) || !prior.FirstName.Equal(m.FirstName) ||
		!prior.LastName.Equal(m.LastName) || !prior.IsAdministrator.Equal(m.IsAdministrator)
}

// body is what the API receives for these values; password may be nil.
func (m *userModel) body(password *string) api.User {
	return api.User{
		EmailAddress:    m.EmailAddress.ValueString(),
		FirstName:       m.FirstName.ValueString(),
		LastName:        m.LastName.ValueString(),
		IsAdministrator: m.IsAdministrator.ValueBool(),
		Password:        password,
	}
}

func (r *userResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (r *userResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Workspace365 user. `terraform plan` asks the API to validate the values, so a value the portal " +
			"would refuse fails the plan with the portal's own message and nothing is created.\n\n" +
			"The provisioning API cannot read a user back. A refresh detects a user deleted in the portal (it is planned " +
			"again), but not names, flags or passwords changed in the portal: the configuration is the source of truth, and " +
			"the next change of an attribute sends every attribute again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The user's integer id, returned by the API on create. It does not change on a rename. " +
					"Null for an imported user: the API has no call that returns it.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"email_address": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The user's e-mail address, which identifies the user in the API. Changing it renames the " +
					"user in place (`PUT` on the old address with the new one); the id does not change.",
				Validators: []validator.String{tfutil.EmailValidator()},
			},
			"first_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "First name. Changing it updates the user in place.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"last_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Last name. Changing it updates the user in place.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"is_administrator": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Whether the user administers the environment. Changing it updates the user in place. Default `false`.",
			},
			"create_in_office365": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether Workspace365 also creates the user in Office 365. Sent on create only. Changing it " +
					"later does nothing to the existing user (the plan warns): it neither creates nor deletes an Office 365 " +
					"account. To apply it, replace the user deliberately with `terraform apply -replace=...`, which deletes and " +
					"re-creates the Workspace365 user. Default `false`.",
			},
			"active": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Whether the user is active. Changing it activates or deactivates the user in place. Default `true`.",
			},
			"environment": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The environment the user belongs to. Defaults to the provider's `environment`. Changing it " +
					"replaces the user (a user cannot move between environments).",
				Validators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[^/?#\s]+$`),
					`must be an environment name, without "/", "?", "#" or white space`)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIfConfigured()},
			},
			"timeouts": tfutil.TimeoutsAttribute(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
	for k, v := range tfutil.PasswordAttributes("The user's") {
		resp.Schema.Attributes[k] = v
	}
}

func (r *userResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan fills in the environment, warns about create-only changes, and
// asks the API to validate the planned values.
func (r *userResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan, config userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	var state *userModel
	if !req.State.Raw.IsNull() {
		state = &userModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	if config.Environment.IsNull() {
		if r.data.environment == "" {
			resp.Diagnostics.AddAttributeError(path.Root("environment"), "No Workspace365 environment",
				"Set environment on this user, or environment in the provider block, or the "+EnvEnvironment+" environment variable.")
			return
		}
		plan.Environment = types.StringValue(r.data.environment)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("environment"), plan.Environment)...)
		if state != nil && !state.Environment.Equal(plan.Environment) {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("environment"))
		}
	}

	if state != nil && !state.CreateInOffice365.IsNull() && !plan.CreateInOffice365.IsUnknown() &&
		!state.CreateInOffice365.Equal(plan.CreateInOffice365) {
		resp.Diagnostics.AddAttributeWarning(path.Root("create_in_office365"), "create_in_office365 only applies when a user is created",
			fmt.Sprintf("Changing create_in_office365 of %s records the new value but does nothing to the existing user: no Office 365 "+
				"account is created or deleted. To apply it, replace the user deliberately with terraform apply -replace, which "+
				"deletes and re-creates the Workspace365 user.", plan.EmailAddress.ValueString()))
	}

	// Validate with the API when every value it needs is known.
	password, known := r.plannedPassword(ctx, req, &plan, state, &resp.Diagnostics)
	for _, v := range []interface{ IsUnknown() bool }{plan.EmailAddress, plan.FirstName, plan.LastName, plan.IsAdministrator, plan.Environment, plan.CreateInOffice365} {
		if v.IsUnknown() {
			known = false
		}
	}
	if !known {
		resp.Diagnostics.AddWarning("Workspace365 validation skipped until apply",
			fmt.Sprintf("Some values of the user %s are only known at apply time, so the API could not validate them during plan. "+
				"The API still checks them when the user is written.", plan.EmailAddress.ValueString()))
		return
	}
	env := plan.Environment.ValueString()
	body := plan.body(password)
	var err error
	switch {
	case state == nil:
		create := plan.CreateInOffice365.ValueBool()
		body.CreateInOffice365 = &create
		err = r.data.client.ValidateCreate(ctx, env, body)
	case password != nil || plan.profileDiffers(state):
		if !state.Environment.Equal(plan.Environment) {
			return // replaced: the new user is validated when it is created
		}
		err = r.data.client.ValidateUpdate(ctx, env, state.EmailAddress.ValueString(), body)
		if errors.Is(err, api.ErrNotFound) {
			return // deleted in the portal; the refresh already reported it
		}
	default:
		return
	}
	if err != nil {
		addValidationError(&resp.Diagnostics, plan.EmailAddress.ValueString(), !config.PasswordWO.IsNull(), err)
	}
}

// plannedPassword returns the password a write of plan would send (nil when
// none) and whether it is known.
func (r *userResource) plannedPassword(ctx context.Context, req resource.ModifyPlanRequest, plan, state *userModel, diags *diag.Diagnostics) (*string, bool) {
	var wo types.String
	diags.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &wo)...)
	if plan.Password.IsUnknown() || wo.IsUnknown() || plan.PasswordWOVersion.IsUnknown() {
		return nil, false
	}
	imported := false
	if state != nil {
		b, d := req.Private.GetKey(ctx, privateImported)
		diags.Append(d...)
		imported = len(b) > 0
	}
	return passwordChange(plan, state, wo, imported).ToSend(), true
}

// passwordChange gathers what decides whether a write sends a password.
func passwordChange(plan, state *userModel, wo types.String, imported bool) tfutil.PasswordChange {
	c := tfutil.PasswordChange{Password: plan.Password, WriteOnly: wo, Version: plan.PasswordWOVersion, Create: state == nil, Imported: imported}
	if state != nil {
		c.PriorPassword, c.PriorVersion = state.Password, state.PasswordWOVersion
	}
	return c
}

// addValidationError turns the API's validation results into errors on the
// matching attributes.
func addValidationError(diags *diag.Diagnostics, email string, writeOnly bool, err error) {
	var ve *api.ValidationError
	if !errors.As(err, &ve) {
		tfutil.AddAPIError(diags, fmt.Sprintf("Could not validate Workspace365 user %s", email), err)
		return
	}
	summary := fmt.Sprintf("Workspace365 refuses the values of user %s", email)
	if len(ve.Results) == 0 {
		diags.AddError(summary, ve.Error())
		return
	}
	for _, res := range ve.Results {
		detail := res.Message
		if detail == "" {
			detail = ve.Error()
		}
		attr := ""
		for _, m := range res.Members {
			if a, ok := memberAttributes[strings.ToLower(m)]; ok {
				attr = a
				break
			}
		}
		if attr == "password" && writeOnly {
			attr = "password_wo"
		}
		if attr == "" {
			if len(res.Members) > 0 {
				detail = strings.Join(res.Members, ", ") + ": " + detail
			}
			diags.AddError(summary, "The API said: "+detail)
			continue
		}
		diags.AddAttributeError(path.Root(attr), summary, "The API said: "+detail)
	}
}

func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var wo types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &wo)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := tfutil.OperationTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	if plan.Environment.IsUnknown() || plan.Environment.ValueString() == "" {
		if r.data.environment == "" {
			resp.Diagnostics.AddAttributeError(path.Root("environment"), "No Workspace365 environment",
				"Set environment on this user, or environment in the provider block, or the "+EnvEnvironment+" environment variable.")
			return
		}
		plan.Environment = types.StringValue(r.data.environment)
	}
	password := passwordChange(&plan, nil, wo, false).ToSend()
	body := plan.body(password)
	create := plan.CreateInOffice365.ValueBool()
	body.CreateInOffice365 = &create
	env, email := plan.Environment.ValueString(), plan.EmailAddress.ValueString()
	id, err := r.data.client.Create(ctx, env, body)
	if err != nil {
		if errors.As(err, new(*api.ValidationError)) {
			addValidationError(&resp.Diagnostics, email, !wo.IsNull(), err)
			return
		}
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not create Workspace365 user %s in environment %s", email, env), err)
		return
	}
	plan.ID = types.StringValue(strconv.FormatInt(id, 10))
	plan.PasswordWO = types.StringNull()
	// Save the user before anything else can fail, so it is never orphaned.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if !plan.Active.ValueBool() {
		if err := r.data.client.SetActive(ctx, env, email, false); err != nil {
			tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Created Workspace365 user %s but could not deactivate it", email), err)
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("active"), true)...)
		}
	}
}

func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := tfutil.OperationTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	env, email := state.Environment.ValueString(), state.EmailAddress.ValueString()
	exists, err := r.data.client.Exists(ctx, env, email, state.body(nil))
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not check Workspace365 user %s in environment %s", email, env), err)
		return
	}
	if !exists {
		resp.Diagnostics.AddWarning("Workspace365 user not found, removed from state",
			fmt.Sprintf("The user %s no longer exists in environment %s (deleted outside Terraform). It was removed from the "+
				"state; the next apply creates it again unless the configuration is changed.", email, env))
		resp.State.RemoveResource(ctx)
		return
	}
	// Nothing else can be read back: the state keeps what was last applied.
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	var wo types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &wo)...)
	imported, d := req.Private.GetKey(ctx, privateImported)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := tfutil.OperationTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	if plan.ID.IsUnknown() {
		plan.ID = state.ID // null for an imported user: the API never returns it
	}
	env, oldEmail, email := plan.Environment.ValueString(), state.EmailAddress.ValueString(), plan.EmailAddress.ValueString()
	password := passwordChange(&plan, &state, wo, len(imported) > 0).ToSend()
	if password != nil || plan.profileDiffers(&state) {
		if err := r.data.client.Update(ctx, env, oldEmail, plan.body(password)); err != nil {
			if errors.As(err, new(*api.ValidationError)) {
				addValidationError(&resp.Diagnostics, oldEmail, !wo.IsNull(), err)
				return
			}
			tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not update Workspace365 user %s in environment %s", oldEmail, env), err)
			return
		}
	}
	if !state.Active.Equal(plan.Active) {
		if err := r.data.client.SetActive(ctx, env, email, plan.Active.ValueBool()); err != nil {
			verb := "deactivate"
			if plan.Active.ValueBool() {
				verb = "activate"
			}
			tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not %s Workspace365 user %s", verb, email), err)
			// The other changes were written: keep them, and the old activation.
			plan.Active = state.Active
			plan.PasswordWO = types.StringNull()
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			return
		}
	}
	plan.PasswordWO = types.StringNull()
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, nil)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := tfutil.OperationTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	env, email := state.Environment.ValueString(), state.EmailAddress.ValueString()
	if err := r.data.client.Delete(ctx, env, email); err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not delete Workspace365 user %s in environment %s", email, env), err)
	}
}

// ImportState takes "email" (in the provider's environment) or
// "environment/email".
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	env, email, found := strings.Cut(req.ID, "/")
	if !found {
		env, email = "", req.ID
		if r.data != nil {
			env = r.data.environment
		}
	}
	if env == "" || !tfutil.EmailPattern.MatchString(email) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected an e-mail address (with the provider's environment set) or \"environment/email\", such as "+
				"\"example/alice@example.edu\"; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, []byte(`true`))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("environment"), env)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("email_address"), email)...)
}
