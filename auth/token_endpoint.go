package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/httpx"
)

// Oauth2Token sends one request to the token endpoint with any grant and
// returns its tokens: Response for every grant but the dependent-token
// grant, whose list of tokens is in Dependent.
//
// Most programs use the grant methods of [NativeClient] and
// [ConfidentialClient], or an authorizer, instead. A success that is not
// the JSON document the grant promises (an object, or a list for the
// dependent-token grant) is a *[globus.ResponseError]. Only the
// client-credentials grant is sent twice on a transient failure: a second
// code exchange fails, and a second refresh may find the token rotated.
//
// POST /v2/oauth2/token
func (c *Client) Oauth2Token(ctx context.Context, form authapi.TokenRequest) (*OAuthTokenResponse, error) {
	const op = "oauth2Token"
	if form.GrantType == authapi.GrantTypeClientCredentials {
		ctx = sendTwiceOK(ctx, op)
	}
	ctx, call, err := c.start(ctx, op)
	if err != nil {
		return nil, err
	}
	body, err := httpx.EncodeForm(call, form)
	if err != nil {
		return nil, err
	}
	sent := time.Now().Round(0)
	resp, err := c.api.Oauth2TokenWithBody(ctx, "application/x-www-form-urlencoded", body)
	raw, err := httpx.Decode[json.RawMessage](call, resp, err)
	if err != nil {
		return nil, err
	}
	unreadable := func(reason string, err error) error {
		return &globus.ResponseError{Operation: op, StatusCode: http.StatusOK,
			ContentType: resp.Header.Get("Content-Type"), Reason: reason, Err: err}
	}
	out := &OAuthTokenResponse{ReceivedAt: sent}
	isList := bytes.HasPrefix(bytes.TrimSpace(*raw), []byte("["))
	dependent := form.GrantType == authapi.GrantTypeUrnGlobusAuthGrantTypeDependentToken
	switch {
	case dependent && isList:
		toks := []authapi.Token{}
		if err := json.Unmarshal(*raw, &toks); err != nil {
			return nil, unreadable("the dependent tokens do not decode", err)
		}
		out.Dependent = toks
	case !dependent && !isList:
		var tr authapi.TokenResponse
		if err := json.Unmarshal(*raw, &tr); err != nil {
			return nil, unreadable("the token endpoint's answer is not a token object", err)
		}
		if tr.AccessToken == "" {
			return nil, unreadable("the token endpoint's answer holds no access_token", nil)
		}
		out.Response = &tr
	case isList:
		return nil, unreadable("a "+string(form.GrantType)+" grant was answered with a list", nil)
	default:
		return nil, unreadable("a dependent-token grant was answered with a single token object", nil)
	}
	return out, nil
}
