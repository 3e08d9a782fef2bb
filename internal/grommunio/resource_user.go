package grommunio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/grommunio/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
)

var (
	_ resource.ResourceWithConfigure   = (*userResource)(nil)
	_ resource.ResourceWithImportState = (*userResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*userResource)(nil)
)

const privateImported = tfutil.PrivateImported

func emailValidator() validator.String { return tfutil.EmailValidator() }

// flagAttributes maps each privilege flag attribute to its API name.
var flagAttributes = []struct{ attr, api, doc string }{
	{"pop3_imap_enabled", "pop3_imap", "May use POP3 and IMAP."},
	{"smtp_enabled", "smtp", "May send mail over SMTP."},
	{"change_password_allowed", "changePassword", "May change their own password."},
	{"public_address", "publicAddress", "Is listed in the public address book."},
	{"chat_enabled", "privChat", "May use grommunio Chat."},
	{"video_enabled", "privVideo", "May use grommunio Meet (video)."},
	{"files_enabled", "privFiles", "May use grommunio Files."},
	{"archive_enabled", "privArchive", "May use grommunio Archive."},
	{"web_enabled", "privWeb", "May use grommunio Web."},
	{"activesync_enabled", "privEas", "May sync devices over Exchange ActiveSync."},
	{"dav_enabled", "privDav", "May use CalDAV and CardDAV."},
}

var statusWords = map[int]string{api.StatusNormal: "normal", api.StatusSuspended: "suspended", api.StatusShared: "shared_mailbox",
	api.StatusContact: "contact", api.StatusDeleted: "deleted"}

var statusCodes = map[string]int{"normal": api.StatusNormal, "suspended": api.StatusSuspended, "shared_mailbox": api.StatusShared}

type userResource struct {
	client *api.Client
}

func newUserResource() resource.Resource { return &userResource{} }

type userModel struct {
	ID                   types.String `tfsdk:"id"`
	Domain               types.String `tfsdk:"domain"`
	DomainID             types.Int64  `tfsdk:"domain_id"`
	Username             types.String `tfsdk:"username"`
	Password             types.String `tfsdk:"password"`
	PasswordWO           types.String `tfsdk:"password_wo"`
	PasswordWOVersion    types.Int64  `tfsdk:"password_wo_version"`
	DisplayName          types.String `tfsdk:"display_name"`
	Status               types.String `tfsdk:"status"`
	Aliases              types.Set    `tfsdk:"aliases"`
	Language             types.String `tfsdk:"language"`
	Properties           types.Map    `tfsdk:"properties"`
	DeleteFilesOnDestroy types.Bool   `tfsdk:"delete_files_on_destroy"`
	PopImap              types.Bool   `tfsdk:"pop3_imap_enabled"`
	SMTP                 types.Bool   `tfsdk:"smtp_enabled"`
	ChangePassword       types.Bool   `tfsdk:"change_password_allowed"`
	PublicAddress        types.Bool   `tfsdk:"public_address"`
	Chat                 types.Bool   `tfsdk:"chat_enabled"`
	Video                types.Bool   `tfsdk:"video_enabled"`
	Files                types.Bool   `tfsdk:"files_enabled"`
	Archive              types.Bool   `tfsdk:"archive_enabled"`
	Web                  types.Bool   `tfsdk:"web_enabled"`
	EAS                  types.Bool   `tfsdk:"activesync_enabled"`
	DAV                  types.Bool   `tfsdk:"dav_enabled"`
}

func (t *userModel) flags() map[string]*types.Bool {
	return map[string]*types.Bool{
		"pop3_imap": &t.PopImap, "smtp": &t.SMTP, "changePassword": &t.ChangePassword, "publicAddress": &t.PublicAddress,
		"privChat": &t.Chat, "privVideo": &t.Video, "privFiles": &t.Files, "privArchive": &t.Archive, "privWeb": &t.Web,
		"privEas": &t.EAS, "privDav": &t.DAV,
	}
}

func (r *userResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (r *userResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keepS := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	keepB := []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed: true, PlanModifiers: keepS,
			MarkdownDescription: "The user's numeric id in grommunio.",
		},
		"domain": schema.StringAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "The domain's name, such as `example.org`. Exactly one of `domain` and `domain_id` must be set. " +
				"An unknown domain fails with the list of domains this admin can see. Moving to another domain replaces the user.",
			Validators: []validator.String{stringvalidator.ExactlyOneOf(path.MatchRoot("domain"), path.MatchRoot("domain_id"))},
		},
		"domain_id": schema.Int64Attribute{
			Optional: true, Computed: true,
			MarkdownDescription: "The domain's numeric id; set it instead of `domain`, or read it. Moving to another domain replaces the user.",
			Validators:          []validator.Int64{int64validator.AtLeast(1)},
		},
		"username": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "The user's e-mail address in the domain, such as `alice@example.org`. Changing it replaces " +
				"the user (its mailbox data is kept unless `delete_files_on_destroy`).",
			Validators:    []validator.String{emailValidator()},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"display_name": schema.StringAttribute{
			Optional: true, Computed: true, PlanModifiers: keepS,
			MarkdownDescription: "The name shown in address books (the `displayname` property). Updated in place; when not " +
				"set, the server's value is kept and shown.",
		},
		"status": schema.StringAttribute{
			Optional: true, Computed: true, PlanModifiers: keepS,
			MarkdownDescription: "`normal`, `suspended` (cannot log in, still receives mail) or `shared_mailbox`. Updated in " +
				"place; when not set, the server's value is kept and shown (it may also read `contact` or `deleted`).",
			Validators: []validator.String{stringvalidator.OneOf("normal", "suspended", "shared_mailbox")},
		},
		"aliases": schema.SetAttribute{
			Optional: true, Computed: true, ElementType: types.StringType,
			PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "Further e-mail addresses of the user. When set, the list is managed whole (replaced in " +
				"place); when not set, the server's aliases are kept and shown.",
			Validators: []validator.Set{setvalidator.ValueStringsAre(emailValidator())},
		},
		"language": schema.StringAttribute{
			Optional: true, Computed: true, PlanModifiers: keepS,
			MarkdownDescription: "The user's language, such as `en_US` or `de_DE`. Updated in place; when not set, the server's value is kept.",
		},
		"properties": schema.MapAttribute{
			Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Further MAPI properties by their lower-case names, such as `title`, `departmentname` or " +
				"`storagequotalimit` (KiB), as strings. Only the keys set here are managed: other properties, including the " +
				"live ones grommunio adds (such as `creationtime`), are ignored. Removing a key deletes that property. Use " +
				"`display_name` rather than `displayname`.",
			Validators: []validator.Map{mapvalidator.KeysAre(
				stringvalidator.RegexMatches(regexp.MustCompile(`^[a-z0-9_]+$`), "must be a lower-case MAPI property name such as title"),
				stringvalidator.NoneOf("displayname"),
			)},
		},
		"delete_files_on_destroy": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether destroying the user also deletes its mailbox data (`deleteFiles`). Default `false`: " +
				"a destroy keeps the data. Only used on destroy; changing it calls no API.",
		},
	}
	for k, v := range tfutil.PasswordAttributes("The user's") {
		attrs[k] = v
	}
	for _, f := range flagAttributes {
		attrs[f.attr] = schema.BoolAttribute{
			Optional: true, Computed: true, PlanModifiers: keepB,
			MarkdownDescription: f.doc + " (`" + f.api + "`). Updated in place; when not set, the server's value is kept and shown.",
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A grommunio domain user (a mailbox). A refresh reads every attribute the configuration manages, " +
			"so changes made in the admin UI show in `terraform plan`; a user deleted there leaves the state.",
		Attributes: attrs,
	}
}

func (r *userResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan resolves a domain name to its id at plan time, so that a move
// to another domain is planned as a replacement and an unknown domain fails
// the plan with the list of domains.
func (r *userResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan, state userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var config userModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	switch {
	case !config.Domain.IsNull() && !config.Domain.IsUnknown():
		if !state.Domain.IsNull() && strings.EqualFold(state.Domain.ValueString(), config.Domain.ValueString()) && !state.DomainID.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("domain_id"), state.DomainID)...)
			return
		}
		d, err := r.client.DomainByName(ctx, config.Domain.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("domain"), "Unknown grommunio domain", tfutil.APIErrorDetail(err))
			return
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("domain_id"), d.ID)...)
		if !state.DomainID.IsNull() && state.DomainID.ValueInt64() != d.ID {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("domain_id"))
		}
	case !config.DomainID.IsNull() && !config.DomainID.IsUnknown():
		if !state.DomainID.IsNull() && state.DomainID.ValueInt64() != config.DomainID.ValueInt64() {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("domain_id"))
		}
		if !state.DomainID.IsNull() && state.DomainID.Equal(config.DomainID) {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("domain"), state.Domain)...)
		}
	}
}

// domainID returns the plan's domain id, resolving the name if needed.
func (r *userResource) domainID(ctx context.Context, m *userModel, diags *diag.Diagnostics) int64 {
	if !m.DomainID.IsNull() && !m.DomainID.IsUnknown() {
		return m.DomainID.ValueInt64()
	}
	d, err := r.client.DomainByName(ctx, m.Domain.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("domain"), "Unknown grommunio domain", tfutil.APIErrorDetail(err))
		return 0
	}
	return d.ID
}

// change builds the create or PATCH body for what differs between plan and
// prior (nil prior: everything known in the plan).
func change(ctx context.Context, plan, prior *userModel, diags *diag.Diagnostics) api.UserChange {
	ch := api.UserChange{}
	known := func(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }
	differs := func(p, q attr.Value) bool { return prior == nil || !p.Equal(q) }
	if known(plan.Status) && (prior == nil || differs(plan.Status, prior.Status)) {
		ch["status"] = statusCodes[plan.Status.ValueString()]
	}
	if known(plan.Language) && (prior == nil || differs(plan.Language, prior.Language)) {
		ch["lang"] = plan.Language.ValueString()
	}
	if known(plan.Aliases) && (prior == nil || differs(plan.Aliases, prior.Aliases)) {
		var aliases []string
		diags.Append(plan.Aliases.ElementsAs(ctx, &aliases, false)...)
		sort.Strings(aliases)
		ch["aliases"] = append([]string{}, aliases...)
	}
	planFlags := plan.flags()
	var priorFlags map[string]*types.Bool
	if prior != nil {
		priorFlags = prior.flags()
	}
	for name, v := range planFlags {
		if known(*v) && (prior == nil || differs(*v, *priorFlags[name])) {
			ch[name] = v.ValueBool()
		}
	}
	props := map[string]any{}
	if known(plan.DisplayName) && (prior == nil || differs(plan.DisplayName, prior.DisplayName)) {
		props["displayname"] = plan.DisplayName.ValueString()
	}
	var planProps, priorProps map[string]string
	if known(plan.Properties) {
		diags.Append(plan.Properties.ElementsAs(ctx, &planProps, false)...)
	}
	if prior != nil && known(prior.Properties) {
		diags.Append(prior.Properties.ElementsAs(ctx, &priorProps, false)...)
	}
	for k, v := range planProps {
		if old, ok := priorProps[k]; !ok || old != v || prior == nil {
			props[k] = v
		}
	}
	for k := range priorProps {
		if _, ok := planProps[k]; !ok {
			props[k] = nil // no longer managed: delete it
		}
	}
	if len(props) > 0 {
		ch["properties"] = props
	}
	return ch
}

// fromAPI copies what the server holds into m; only the property keys in
// managed are kept.
func fromAPI(ctx context.Context, u *api.User, m *userModel, managed map[string]bool, diags *diag.Diagnostics) {
	m.ID = types.StringValue(strconv.FormatInt(u.ID, 10))
	m.DomainID = types.Int64Value(u.DomainID)
	m.Username = types.StringValue(u.Username)
	word, ok := statusWords[u.Status]
	if !ok {
		word = "status_" + strconv.Itoa(u.Status)
	}
	m.Status = types.StringValue(word)
	m.Language = types.StringValue(u.Lang)
	aliases := append([]string{}, u.Aliases...)
	sort.Strings(aliases)
	set, d := types.SetValueFrom(ctx, types.StringType, aliases)
	diags.Append(d...)
	m.Aliases = set
	if v, ok := u.Properties["displayname"]; ok {
		m.DisplayName = types.StringValue(propertyString(v))
	} else {
		m.DisplayName = types.StringValue("")
	}
	for name, v := range m.flags() {
		*v = types.BoolValue(u.Flags[name])
	}
	if managed == nil {
		m.Properties = types.MapNull(types.StringType)
		return
	}
	props := map[string]string{}
	for k := range managed {
		if v, ok := u.Properties[k]; ok && v != nil {
			props[k] = propertyString(v)
		}
	}
	mv, d := types.MapValueFrom(ctx, types.StringType, props)
	diags.Append(d...)
	m.Properties = mv
}

// propertyString renders a property value as the string a configuration holds.
func propertyString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func managedKeys(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]bool {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	var props map[string]string
	diags.Append(m.ElementsAs(ctx, &props, false)...)
	out := map[string]bool{}
	for k := range props {
		out[k] = true
	}
	return out
}

func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var wo types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &wo)...)
	if resp.Diagnostics.HasError() {
		return
	}
	domainID := r.domainID(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ch := change(ctx, &plan, nil, &resp.Diagnostics)
	ch["username"] = plan.Username.ValueString()
	if p := (tfutil.PasswordChange{Password: plan.Password, WriteOnly: wo, Create: true}).ToSend(); p != nil {
		ch["password"] = *p
	}
	u, err := r.client.CreateUser(ctx, domainID, ch)
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not create grommunio user %s", plan.Username.ValueString()), err)
		return
	}
	fromAPI(ctx, u, &plan, managedKeys(ctx, plan.Properties, &resp.Diagnostics), &resp.Diagnostics)
	r.fillDomain(ctx, &plan)
	plan.PasswordWO = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// fillDomain sets the domain name when only the id is known.
func (r *userResource) fillDomain(ctx context.Context, m *userModel) {
	if !m.Domain.IsNull() && !m.Domain.IsUnknown() {
		return
	}
	m.Domain = types.StringNull()
	if domains, err := r.client.ListDomains(ctx); err == nil {
		for _, d := range domains {
			if d.ID == m.DomainID.ValueInt64() {
				m.Domain = types.StringValue(d.Name)
			}
		}
	}
}

func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, _ := strconv.ParseInt(state.ID.ValueString(), 10, 64)
	u, err := r.client.GetUser(ctx, state.DomainID.ValueInt64(), id)
	if errors.Is(err, api.ErrNotFound) || err == nil && u.Status == api.StatusDeleted {
		resp.Diagnostics.AddWarning("grommunio user not found, removed from state",
			fmt.Sprintf("The user %s (id %d) no longer exists in grommunio (deleted outside Terraform). It was removed from the "+
				"state; the next apply creates it again unless the configuration is changed.", state.Username.ValueString(), id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not read grommunio user %s", state.Username.ValueString()), err)
		return
	}
	fromAPI(ctx, u, &state, managedKeys(ctx, state.Properties, &resp.Diagnostics), &resp.Diagnostics)
	r.fillDomain(ctx, &state)
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
	domainID := state.DomainID.ValueInt64()
	id, _ := strconv.ParseInt(state.ID.ValueString(), 10, 64)
	name := state.Username.ValueString()
	ch := change(ctx, &plan, &state, &resp.Diagnostics)
	var u *api.User
	var err error
	if len(ch) > 0 {
		u, err = r.client.UpdateUser(ctx, domainID, id, ch)
	} else {
		u, err = r.client.GetUser(ctx, domainID, id)
	}
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not update grommunio user %s", name), err)
		return
	}
	pc := tfutil.PasswordChange{Password: plan.Password, PriorPassword: state.Password, WriteOnly: wo,
		Version: plan.PasswordWOVersion, PriorVersion: state.PasswordWOVersion, Imported: len(imported) > 0}
	if p := pc.ToSend(); p != nil {
		if err := r.client.SetPassword(ctx, domainID, id, *p); err != nil {
			tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not set the password of grommunio user %s", name), err)
			plan.Password, plan.PasswordWOVersion = state.Password, state.PasswordWOVersion
		}
	}
	fromAPI(ctx, u, &plan, managedKeys(ctx, plan.Properties, &resp.Diagnostics), &resp.Diagnostics)
	r.fillDomain(ctx, &plan)
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
	id, _ := strconv.ParseInt(state.ID.ValueString(), 10, 64)
	if err := r.client.DeleteUser(ctx, state.DomainID.ValueInt64(), id, state.DeleteFilesOnDestroy.ValueBool()); err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not delete grommunio user %s", state.Username.ValueString()), err)
	}
}

// ImportState takes "domain/username", such as "example.org/alice@example.org".
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	domain, u, err := resolveUser(ctx, r.client, req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import grommunio user", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, []byte(`true`))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(u.ID, 10))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("domain"), domain.Name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("domain_id"), domain.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("username"), u.Username)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_files_on_destroy"), false)...)
}

// resolveUser finds the user named by "domain/username".
func resolveUser(ctx context.Context, c *api.Client, id string) (*api.Domain, *api.User, error) {
	domainName, username, ok := strings.Cut(id, "/")
	if !ok || domainName == "" || !tfutil.EmailPattern.MatchString(username) {
		return nil, nil, fmt.Errorf("expected \"domain/username\", such as \"example.org/alice@example.org\"; got %q", id)
	}
	d, err := c.DomainByName(ctx, domainName)
	if err != nil {
		return nil, nil, errors.New(tfutil.APIErrorDetail(err))
	}
	u, err := c.FindUser(ctx, d.ID, username)
	if err != nil {
		return nil, nil, errors.New(tfutil.APIErrorDetail(err))
	}
	return d, u, nil
}
