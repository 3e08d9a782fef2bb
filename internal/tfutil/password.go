package tfutil

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// PasswordAttributes returns the `password`, `password_wo` and
// `password_wo_version` attributes of a user resource; whose names the
// account ("The user's").
func PasswordAttributes(whose string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"password": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: whose + " password, sent on create and whenever it changes in the configuration (never " +
				"otherwise, so a password the person changed is not reset; nor on the first apply after an import, which only " +
				"records it). It is stored in the state: prefer `password_wo`. Conflicts with `password_wo`.",
			Validators: []validator.String{
				stringvalidator.LengthAtLeast(1),
				stringvalidator.ConflictsWith(path.MatchRoot("password_wo")),
			},
		},
		"password_wo": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			WriteOnly: true,
			MarkdownDescription: whose + " password, write-only: never stored in the plan or state (Terraform 1.11 or " +
				"OpenTofu 1.11 and later). It is sent on create and whenever `password_wo_version` changes. Conflicts with " +
				"`password`; requires `password_wo_version`.",
			Validators: []validator.String{
				stringvalidator.LengthAtLeast(1),
				stringvalidator.ConflictsWith(path.MatchRoot("password")),
				stringvalidator.AlsoRequires(path.MatchRoot("password_wo_version")),
			},
		},
		"password_wo_version": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "Any number; change it (for example increment it) to send `password_wo` again. Stored in " +
				"the state, so an unchanged version sends nothing.",
			Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("password_wo"))},
		},
	}
}

// PasswordChange holds what decides whether a write sends a password.
type PasswordChange struct {
	// Password and PriorPassword are the `password` attribute, planned and in
	// the state (PriorPassword is ignored on create).
	Password, PriorPassword types.String
	// WriteOnly is `password_wo` from the configuration.
	WriteOnly types.String
	// Version and PriorVersion are `password_wo_version`, planned and in the state.
	Version, PriorVersion types.Int64
	// Create is true for a new object; Imported for one imported since its
	// last apply, whose prior password is unknown.
	Create, Imported bool
}

// ToSend returns the password to send, or nil: on create the configured one;
// on update only one that changed in the configuration (a new password, or a
// new password_wo_version), and never right after an import.
func (c PasswordChange) ToSend() *string {
	configured := c.Password
	if !c.WriteOnly.IsNull() {
		configured = c.WriteOnly
	}
	if configured.IsNull() || configured.IsUnknown() {
		return nil
	}
	p := configured.ValueString()
	switch {
	case c.Create:
		return &p
	case c.Imported:
		return nil
	case !c.WriteOnly.IsNull():
		if !c.PriorVersion.Equal(c.Version) {
			return &p
		}
		return nil
	case !c.PriorPassword.Equal(c.Password):
		return &p
	}
	return nil
}
