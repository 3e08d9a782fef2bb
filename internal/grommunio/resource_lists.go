package grommunio

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/eduprov/terraform-provider-eduprov/internal/grommunio/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/tfutil"
)

// userRef is the part every per-user resource shares: which user.
type userRef struct {
	ID       types.String `tfsdk:"id"`
	DomainID types.Int64  `tfsdk:"domain_id"`
	UserID   types.String `tfsdk:"user_id"`
}

func (u userRef) ids(diags *diag.Diagnostics) (int64, int64) {
	id, err := strconv.ParseInt(u.UserID.ValueString(), 10, 64)
	if err != nil {
		diags.AddAttributeError(path.Root("user_id"), "Invalid user id",
			fmt.Sprintf("user_id must be a grommunio user's numeric id (grommunio_user's id), not %q.", u.UserID.ValueString()))
	}
	return u.DomainID.ValueInt64(), id
}

// userRefAttributes are the attributes naming the user; what says what the
// resource manages of it.
func userRefAttributes(what string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "`domain_id/user_id`.",
		},
		"domain_id": schema.Int64Attribute{
			Required:            true,
			MarkdownDescription: "The user's domain id (`grommunio_user`'s `domain_id`). Changing it replaces the resource.",
			PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
		},
		"user_id": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The user's id (`grommunio_user`'s `id`) whose " + what + ". Changing it replaces the resource.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
	}
}

// importUserRef sets domain_id, user_id and id from "domain/username".
func importUserRef(ctx context.Context, c *api.Client, id string, state *tfsdk.State, diags *diag.Diagnostics) {
	d, u, err := resolveUser(ctx, c, id)
	if err != nil {
		diags.AddError("Cannot import", err.Error())
		return
	}
	diags.Append(state.SetAttribute(ctx, path.Root("domain_id"), d.ID)...)
	diags.Append(state.SetAttribute(ctx, path.Root("user_id"), strconv.FormatInt(u.ID, 10))...)
	diags.Append(state.SetAttribute(ctx, path.Root("id"), fmt.Sprintf("%d/%d", d.ID, u.ID))...)
}

// listKind describes one of the list resources.
type listKind struct {
	suffix, attr, what, doc string
	elementIs               string
	get                     func(ctx context.Context, c *api.Client, domainID, userID int64) ([]string, error)
	set                     func(ctx context.Context, c *api.Client, domainID, userID int64, values []string) error
}

var (
	delegatesKind = listKind{
		suffix: "_user_delegates", attr: "delegates", what: "delegates are managed", elementIs: "an e-mail address",
		doc: "The users who may send mail on behalf of a grommunio user (its delegates). The resource owns the whole list: " +
			"addresses added in the admin UI show as drift, and destroying the resource clears the list.",
		get: func(ctx context.Context, c *api.Client, d, u int64) ([]string, error) {
			return c.GetAddresses(ctx, d, u, api.Delegates)
		},
		set: func(ctx context.Context, c *api.Client, d, u int64, v []string) error {
			return c.SetAddresses(ctx, d, u, api.Delegates, v)
		},
	}
	sendAsKind = listKind{
		suffix: "_user_send_as", attr: "send_as", what: "send-as list is managed", elementIs: "an e-mail address",
		doc: "The users who may send mail as a grommunio user (send-as). The resource owns the whole list: addresses added " +
			"in the admin UI show as drift, and destroying the resource clears the list.",
		get: func(ctx context.Context, c *api.Client, d, u int64) ([]string, error) {
			return c.GetAddresses(ctx, d, u, api.SendAs)
		},
		set: func(ctx context.Context, c *api.Client, d, u int64, v []string) error {
			return c.SetAddresses(ctx, d, u, api.SendAs, v)
		},
	}
	storeAccessKind = listKind{
		suffix: "_user_store_access", attr: "usernames", what: "store access is managed", elementIs: "a grommunio username",
		doc: "The users who may open a grommunio user's whole mailbox (store access). The resource owns the whole list: " +
			"destroying it removes every grant. A username grommunio does not know fails the apply (the API would drop it silently).",
		get: func(ctx context.Context, c *api.Client, d, u int64) ([]string, error) {
			return c.GetStoreAccess(ctx, d, u)
		},
		set: func(ctx context.Context, c *api.Client, d, u int64, v []string) error {
			return c.SetStoreAccess(ctx, d, u, v)
		},
	}
)

func newDelegatesResource() resource.Resource   { return &listResource{kind: delegatesKind} }
func newSendAsResource() resource.Resource      { return &listResource{kind: sendAsKind} }
func newStoreAccessResource() resource.Resource { return &listResource{kind: storeAccessKind} }

var _ resource.ResourceWithImportState = (*listResource)(nil)

type listResource struct {
	kind   listKind
	client *api.Client
}

func (r *listResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.suffix
}

func (r *listResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := userRefAttributes(r.kind.what)
	attrs[r.kind.attr] = schema.SetAttribute{
		Required: true, ElementType: types.StringType,
		MarkdownDescription: "The whole list; each entry is " + r.kind.elementIs + ". Changed in place. An empty set clears it.",
		Validators:          []validator.Set{setvalidator.ValueStringsAre(emailValidator())},
	}
	resp.Schema = schema.Schema{MarkdownDescription: r.kind.doc, Attributes: attrs}
}

func (r *listResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *listResource) read(ctx context.Context, from interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, diags *diag.Diagnostics) (userRef, []string) {
	var ref userRef
	diags.Append(from.GetAttribute(ctx, path.Root("domain_id"), &ref.DomainID)...)
	diags.Append(from.GetAttribute(ctx, path.Root("user_id"), &ref.UserID)...)
	var values types.Set
	diags.Append(from.GetAttribute(ctx, path.Root(r.kind.attr), &values)...)
	var list []string
	if !values.IsNull() && !values.IsUnknown() {
		diags.Append(values.ElementsAs(ctx, &list, false)...)
	}
	sort.Strings(list)
	return ref, list
}

func (r *listResource) write(ctx context.Context, ref userRef, list []string, state *tfsdk.State, diags *diag.Diagnostics) {
	d, u := ref.ids(diags)
	if diags.HasError() {
		return
	}
	if err := r.kind.set(ctx, r.client, d, u, list); err != nil {
		tfutil.AddAPIError(diags, fmt.Sprintf("Could not set the %s of grommunio user %d", strings.ReplaceAll(r.kind.attr, "_", "-"), u), err)
		return
	}
	r.save(ctx, d, u, list, state, diags)
}

func (r *listResource) save(ctx context.Context, d, u int64, list []string, state *tfsdk.State, diags *diag.Diagnostics) {
	set, ds := types.SetValueFrom(ctx, types.StringType, list)
	diags.Append(ds...)
	diags.Append(state.SetAttribute(ctx, path.Root("id"), fmt.Sprintf("%d/%d", d, u))...)
	diags.Append(state.SetAttribute(ctx, path.Root("domain_id"), d)...)
	diags.Append(state.SetAttribute(ctx, path.Root("user_id"), strconv.FormatInt(u, 10))...)
	diags.Append(state.SetAttribute(ctx, path.Root(r.kind.attr), set)...)
}

func (r *listResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ref, list := r.read(ctx, req.Plan, &resp.Diagnostics)
	r.write(ctx, ref, list, &resp.State, &resp.Diagnostics)
}

func (r *listResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ref, list := r.read(ctx, req.Plan, &resp.Diagnostics)
	r.write(ctx, ref, list, &resp.State, &resp.Diagnostics)
}

func (r *listResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ref, _ := r.read(ctx, req.State, &resp.Diagnostics)
	d, u := ref.ids(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := r.kind.get(ctx, r.client, d, u)
	if errors.Is(err, api.ErrNotFound) {
		resp.Diagnostics.AddWarning("grommunio user not found, removed from state",
			fmt.Sprintf("The user %d no longer exists, so neither does its %s list. It was removed from the state.", u, r.kind.attr))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not read the %s of grommunio user %d", r.kind.attr, u), err)
		return
	}
	r.save(ctx, d, u, list, &resp.State, &resp.Diagnostics)
}

func (r *listResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ref, _ := r.read(ctx, req.State, &resp.Diagnostics)
	d, u := ref.ids(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.kind.set(ctx, r.client, d, u, []string{})
	if err != nil && !errors.Is(err, api.ErrNotFound) {
		tfutil.AddAPIError(&resp.Diagnostics, fmt.Sprintf("Could not clear the %s of grommunio user %d", r.kind.attr, u), err)
	}
}

// ImportState takes "domain/username".
func (r *listResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importUserRef(ctx, r.client, req.ID, &resp.State, &resp.Diagnostics)
}
