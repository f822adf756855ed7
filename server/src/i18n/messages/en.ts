/** In English: the reference shape; fi, sv, nb and da are typed by it (see index.ts). */
export const en = {
  severa: {
    refusedTitle: 'Sign-in could not be completed',
    refusedLead: 'You could not be signed in to Visma Severa from %{portal}.',
    refusedHelp: 'Please contact your administrator and tell them the time and the reference below. They can see why the sign-in did not succeed.',
    reference: 'Reference:',
    signedInAs: 'Signed in as %{name}',
    user: 'Severa user',
    organization: 'Organization',
    signedInFrom: 'Signed in from',
    independent: 'Your Severa session does not depend on %{portal} any more: it lasts as long as you keep using Severa. After signing out, sign in again from the portal.',
    signOut: 'Sign out of Severa',
    notSignedInTitle: 'You are not signed in to Visma Severa',
    notSignedIn: 'Open Visma Severa from MyVisma or Azets Work to sign in.',
    signedOutTitle: 'You have signed out of Visma Severa',
    signedOut: 'To sign in again, open Visma Severa from MyVisma or Azets Work.',
  },
  mail: {
    activation: {
      subject: 'Welcome to Visma Enterprise: activate your account',
      body:
        'Hello %{name},\n\n%{invitedBy} Activate your Visma Connect account with this link:\n\n%{link}\n\n' +
        'The link is valid for %{hours} hours. If more than %{hours} hours have passed, open the link anyway and ask for a new one.\n\n' +
        'You will set a password, add an authenticator app (Google, Microsoft or another) and get an emergency code.',
      invitedBy: '%{organization} invited you to the Customer Portal.',
      invited: 'You are invited to the Customer Portal.',
    },
    passwordReset: {
      subject: 'Reset your Visma Connect password',
      body:
        'Hello %{name},\n\nSomeone (hopefully you) asked to reset the password of your Visma Connect account. Set a new password with this link:\n\n%{link}\n\n' +
        'The link is valid for %{minutes} minutes. Your two-step verification stays as it is.\n\nIf you did not ask for this, ignore this e-mail: your password has not changed.',
    },
    passwordChanged: {
      subject: 'Your Visma Connect password was changed',
      body: "Hello %{name},\n\nThe password of your Visma Connect account was changed on %{at}.\n\nIf this wasn't you, contact Severa customer service immediately.",
    },
    authenticatorEnrolled: {
      subject: 'A new authenticator was enrolled for your Visma Connect account',
      body:
        'Hello %{name},\n\nA new authenticator app was enrolled for your Visma Connect account on %{at}, and a new emergency code was created. ' +
        "The change applies to every Visma application you sign in to.\n\nIf this wasn't you, contact Severa customer service immediately.",
    },
    phoneAdded: {
      subject: 'A phone number was added for SMS sign-in',
      body: "Hello %{name},\n\nThe phone number %{phone} was added to your Visma Connect account for SMS codes.\n\nIf this wasn't you, contact Severa customer service immediately.",
    },
    oneTimeCodeUsed: {
      subject: 'Your one-time code was used to sign in to Visma Connect',
      body: "Hello %{name},\n\n%{what} was used to sign in to your Visma Connect account on %{at}. The code cannot be used again.\n\nIf this wasn't you, contact Severa customer service immediately and change your password.",
      recoveryCode: 'A one-time code from customer service',
      emergencyCode: 'Your emergency code',
    },
    secondFactorsReset: {
      subject: 'Your two-step verification was reset',
      body:
        'Hello %{name},\n\nAfter signing in with a one-time code you chose "I have permanently lost access". Every second factor of your Visma Connect account ' +
        '(authenticator app, emergency code, SMS, passkeys and security keys, Visma Authenticator devices) was removed; this applies to every Visma application you use. A new authenticator is being set up now.\n\n' +
        "If this wasn't you, contact Severa customer service immediately.",
    },
    secondFactorsResetByAgent: {
      subject: 'Your two-step verification was reset',
      body:
        'Hello %{name},\n\nCustomer service reset the two-step verification of your Visma Connect account for ticket #%{ticket}. Every second factor ' +
        '(authenticator app, emergency code, SMS, passkeys and security keys, Visma Authenticator devices) was removed; this applies to every Visma application you use, and you were signed out everywhere. ' +
        'At your next sign-in you set up a new one.\n\n' +
        'If you did not ask for this, contact Severa customer service immediately.',
    },
    recoveryCodeIssued: {
      subject: 'A one-time sign-in code was issued for your Visma Connect account',
      body:
        'Hello %{name},\n\nCustomer service issued a one-time sign-in code for ticket #%{ticket} on %{at}. It works once, together with your password, until %{until}.\n\n' +
        "If this wasn't you, contact customer service right away and do not share any code with anyone: the code is only ever given to you on the call or chat you started yourself.\n\n" +
        'Two-factor authentication belongs to your Visma Connect identity, so a reset applies to every Visma application you use.',
    },
  },
  ticket: {
    /** Under an agent's reply from a ticket: how the answer finds its way back. */
    replyFooter: 'Customer service, ticket #%{ticket}. Reply to this message and keep [#%{ticket}] in the subject.',
  },
  sms: {
    signInCode: 'Your Visma Connect security code is %{code}. It is valid for 5 minutes. Never tell it to anyone, including customer service.',
    phoneVerification: 'Your Visma Connect verification code is %{code}. Enter it to add this phone number for SMS sign-in.',
    stepUpCode: 'Your Visma Connect security code is %{code}. It confirms a change of your security settings and is valid for 5 minutes. Never tell it to anyone.',
    signInCodeSubject: 'Visma Connect code',
    phoneVerificationSubject: 'Visma Connect verification code',
  },
};
